package dev.jury.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Projects through Hibernate Reactive: ownership, optimistic locking, validation. */
class ProjectIT {

    static ApiHarness harness;
    static String rita;
    static String ravi;

    @BeforeAll
    static void start() throws Exception {
        harness = ApiHarness.withoutKafka();
        rita = harness.account("rita", "requester");
        ravi = harness.account("ravi", "requester");
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void requestersSeeAndChangeOnlyTheirOwnProjects() {
        String mine = harness.project(rita, "");
        String theirs = harness.project(ravi, "");
        var list = harness.get("/api/v1/projects", rita).json().get("projects");
        assertThat(list.findValuesAsText("id")).contains(mine).doesNotContain(theirs);
        var foreign = harness.get("/api/v1/projects/" + theirs, rita);
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(foreign.contentType()).isEqualTo("application/problem+json");
        String contributor = harness.account("cora", "contributor");
        assertThat(harness.get("/api/v1/projects/" + theirs, contributor).status()).isEqualTo(200);
        assertThat(harness.post("/api/v1/projects", contributor, "{\"name\":\"x\"}").status())
                .isEqualTo(403);
    }

    @Test
    void aStaleVersionIsRefusedAndTheCurrentOneApplies() {
        String id = harness.project(rita, "");
        var read = harness.get("/api/v1/projects/" + id, rita).json();
        int version = read.get("version").asInt();
        String body =
                "{\"name\":\"Renamed\",\"labelSchema\":{\"kind\":\"single_choice\",\"classes\":[\"a\",\"b\"]},\"version\":"
                        + version
                        + "}";
        var first = harness.send("PUT", "/api/v1/projects/" + id, rita, body);
        assertThat(first.status()).as(first.text()).isEqualTo(200);
        assertThat(first.json().get("name").asText()).isEqualTo("Renamed");
        assertThat(first.json().get("version").asInt()).isEqualTo(version + 1);
        var stale =
                harness.send(
                        "PUT", "/api/v1/projects/" + id, rita, body.replace("Renamed", "Lost"));
        assertThat(stale.status()).isEqualTo(409);
        assertThat(harness.get("/api/v1/projects/" + id, rita).json().get("name").asText())
                .isEqualTo("Renamed");
        assertThat(harness.send("PUT", "/api/v1/projects/" + id, ravi, body).status())
                .isEqualTo(403);
    }

    @Test
    void invalidSettingsAreRefusedWithTheirReason() {
        var unknownField =
                harness.post(
                        "/api/v1/projects",
                        rita,
                        "{\"name\":\"x\",\"labelSchema\":{\"kind\":\"single_choice\",\"classes\":[\"a\",\"b\"]},\"colour\":1}");
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(unknownField.json().get("detail").asText()).contains("colour");
        var oneClass =
                harness.post(
                        "/api/v1/projects",
                        rita,
                        "{\"name\":\"x\",\"labelSchema\":{\"kind\":\"single_choice\",\"classes\":[\"a\"]}}");
        assertThat(oneClass.status()).isEqualTo(422);
        assertThat(oneClass.text()).contains("at least 2 classes");
        var badOverlap =
                harness.post(
                        "/api/v1/projects",
                        rita,
                        "{\"name\":\"x\",\"labelSchema\":{\"kind\":\"single_choice\",\"classes\":[\"a\",\"b\"]},"
                                + "\"overlap\":{\"minLabels\":5,\"maxLabels\":2,\"confidence\":0.9}}");
        assertThat(badOverlap.status()).isEqualTo(422);
        var listBefore = harness.get("/api/v1/projects", rita).json().get("projects").size();
        harness.post("/api/v1/projects", rita, "{not json");
        assertThat(harness.get("/api/v1/projects", rita).json().get("projects").size())
                .isEqualTo(listBefore);
    }

    @Test
    @DisplayName(
            "an upload under a client-chosen Import-Id reports its progress there; a reused or"
                    + " malformed id is refused and changes nothing")
    void anUploadCanBeFollowedUnderTheIdTheClientChose() {
        String project = harness.project(rita, "");
        String id = UUID.randomUUID().toString();
        String body = "{\"id\":\"a\",\"text\":\"one\"}\n{\"id\":\"b\",\"text\":\"two\"}\n";
        String path = "/api/v1/projects/" + project + "/items?format=jsonl";
        ApiHarness.Response first = harness.post(path, rita, body, "Import-Id", id);
        assertThat(first.status()).as(first.text()).isEqualTo(201);
        assertThat(first.json().get("importId").asText()).isEqualTo(id);

        var progress = harness.get("/api/v1/imports/" + id, rita).json();
        assertThat(progress.get("status").asText()).isEqualTo("done");
        assertThat(progress.get("itemsInserted").asLong()).isEqualTo(2);
        assertThat(harness.get("/api/v1/imports/" + id, ravi).status()).isEqualTo(403);

        String more = "{\"id\":\"c\",\"text\":\"three\"}\n";
        ApiHarness.Response reused = harness.post(path, rita, more, "Import-Id", id);
        assertThat(reused.status()).as(reused.text()).isEqualTo(409);
        assertThat(reused.contentType()).startsWith("application/problem+json");
        ApiHarness.Response malformed = harness.post(path, rita, more, "Import-Id", "nope");
        assertThat(malformed.status()).as(malformed.text()).isEqualTo(400);
        // The first upload's record is untouched and no item c was stored.
        assertThat(harness.get("/api/v1/imports/" + id, rita).json().get("itemsInserted").asLong())
                .isEqualTo(2);
        assertThat(
                        harness.get("/api/v1/projects/" + project + "/progress", rita)
                                .json()
                                .get("items")
                                .get("total")
                                .asLong())
                .isEqualTo(2);
    }
}
