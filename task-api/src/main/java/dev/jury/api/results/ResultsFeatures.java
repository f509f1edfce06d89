package dev.jury.api.results;

import dev.jury.api.ApiServices;
import dev.jury.api.export.ExportRoutes;
import dev.jury.api.search.SearchIndex;
import dev.jury.api.search.SearchRoutes;
import java.io.IOException;

/** Wires search and export into a starting API. */
public final class ResultsFeatures {

    private ResultsFeatures() {}

    /**
     * Opens this instance's search index under {@code dataDir/search}, has uploads wake it, and
     * adds the search and export routes.
     *
     * @param services the API's services, before the verticles are deployed
     * @return what to close when the API stops (the index)
     */
    public static AutoCloseable install(ApiServices services) throws IOException {
        SearchIndex index =
                SearchIndex.open(services.config().dataDir().resolve("search"), services.pool());
        services.itemListeners().add(index::wake);
        services.extraRoutes().add(new SearchRoutes(index, services.projects()));
        services.extraRoutes().add(new ExportRoutes(services.pool(), services.projects()));
        return index;
    }
}
