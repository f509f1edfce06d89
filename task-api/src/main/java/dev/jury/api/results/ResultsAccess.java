package dev.jury.api.results;

import dev.jury.api.auth.Caller;
import dev.jury.api.auth.Role;
import dev.jury.api.http.ApiProblem;
import dev.jury.api.projects.Project;
import dev.jury.api.projects.ProjectService;
import io.vertx.core.Future;

/**
 * Who may read a project's results (consensus, confidence, who labeled what): its requester, a
 * moderator or an admin. Contributors never may: they must not see other contributors' labels or
 * the consensus they are being measured against.
 */
public final class ResultsAccess {

    private ResultsAccess() {}

    /**
     * The project, if the caller may read its results.
     *
     * @return the project; fails with 403 for contributors and other requesters, 404 if there is no
     *     such project
     */
    public static Future<Project> check(ProjectService projects, Caller caller, long projectId) {
        caller.require(Role.REQUESTER, Role.MODERATOR);
        return projects.get(projectId)
                .map(
                        project -> {
                            if (caller.role() == Role.REQUESTER
                                    && project.ownerId() != caller.accountId()) {
                                throw ApiProblem.forbidden(
                                        "project " + projectId + " belongs to another requester");
                            }
                            return project;
                        });
    }

    /** Whether the caller owns the project's data (its requester, or an admin). */
    public static boolean ownsData(Caller caller, Project project) {
        return caller.role() == Role.ADMIN || project.ownerId() == caller.accountId();
    }
}
