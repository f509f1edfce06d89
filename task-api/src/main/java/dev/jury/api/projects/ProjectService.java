package dev.jury.api.projects;

import dev.jury.api.auth.Caller;
import dev.jury.api.auth.Role;
import dev.jury.api.http.ApiProblem;
import dev.jury.api.http.Json;
import dev.jury.api.http.TtlCache;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import jakarta.persistence.OptimisticLockException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.hibernate.reactive.stage.Stage;

/**
 * Projects: created, read and updated through Hibernate Reactive; snapshots cached for the hot
 * paths for {@link #CACHE_MILLIS} (an update on this instance is seen at once, on another within
 * that time).
 */
public final class ProjectService {

    /** How long a project snapshot is trusted before it is read again. */
    public static final long CACHE_MILLIS = 5_000;

    private final Vertx vertx;
    private final Stage.SessionFactory sessions;
    private final TtlCache<Long, Project> cache = new TtlCache<>(CACHE_MILLIS);

    public ProjectService(Vertx vertx, Stage.SessionFactory sessions) {
        this.vertx = vertx;
        this.sessions = sessions;
    }

    /** Creates a project owned by the caller (requesters and admins). */
    public Future<Project> create(Caller caller, ProjectRequest request) {
        caller.require(Role.REQUESTER);
        ProjectEntity entity = new ProjectEntity();
        entity.ownerId = caller.accountId();
        apply(entity, request);
        return onContext(
                        () ->
                                sessions.withTransaction(
                                        session ->
                                                session.persist(entity)
                                                        .thenCompose(v -> session.flush())
                                                        .thenCompose(v -> session.refresh(entity))
                                                        .thenApply(v -> Project.of(entity))))
                .onSuccess(this::remember);
    }

    /** Replaces a project's settings, refusing a stale {@code version} with 409. */
    public Future<Project> update(Caller caller, long id, ProjectRequest request) {
        if (request.version() == null) {
            throw ApiProblem.invalid(
                    "version is required on update",
                    List.of("send the version you read, so concurrent edits are not lost"));
        }
        return onContext(
                        () ->
                                sessions.withTransaction(
                                        session ->
                                                session.find(ProjectEntity.class, id)
                                                        .thenCompose(
                                                                entity -> {
                                                                    checkOwner(
                                                                            caller,
                                                                            entity == null
                                                                                    ? null
                                                                                    : Project.of(
                                                                                            entity),
                                                                            id);
                                                                    if (entity.version
                                                                            != request.version()) {
                                                                        throw staleVersion(
                                                                                entity.version);
                                                                    }
                                                                    apply(entity, request);
                                                                    return session.flush()
                                                                            .thenApply(
                                                                                    v ->
                                                                                            Project
                                                                                                    .of(
                                                                                                            entity));
                                                                })))
                .recover(
                        failure ->
                                Future.failedFuture(
                                        failure instanceof OptimisticLockException
                                                        || failure.getCause()
                                                                instanceof OptimisticLockException
                                                ? staleVersion(-1)
                                                : failure))
                .onSuccess(this::remember);
    }

    /** A project by id, from the cache when fresh. Fails with 404 if there is none. */
    public Future<Project> get(long id) {
        return cache.get(
                id,
                () ->
                        onContext(
                                        () ->
                                                sessions.withSession(
                                                        session ->
                                                                session.find(
                                                                                ProjectEntity.class,
                                                                                id)
                                                                        .thenApply(
                                                                                e ->
                                                                                        e == null
                                                                                                ? null
                                                                                                : Project
                                                                                                        .of(
                                                                                                                e))))
                                .map(
                                        project -> {
                                            if (project == null) {
                                                throw ApiProblem.notFound("project " + id);
                                            }
                                            return project;
                                        }));
    }

    /**
     * A project the caller may read: its owner, a moderator or admin, or any contributor for an
     * active project (they need its instructions and schema).
     */
    public Future<Project> readable(Caller caller, long id) {
        return get(id).map(
                        project -> {
                            if (caller.is(Role.MODERATOR)
                                    || project.ownerId() == caller.accountId()
                                    || (caller.role() == Role.CONTRIBUTOR && project.active())) {
                                return project;
                            }
                            throw ApiProblem.forbidden(
                                    "project " + id + " belongs to another requester");
                        });
    }

    /** A project the caller owns (or administers); 403 for someone else's. */
    public Future<Project> owned(Caller caller, long id) {
        return get(id).map(
                        project -> {
                            checkOwner(caller, project, id);
                            return project;
                        });
    }

    /** Projects the caller may see: own for requesters, active for contributors, all otherwise. */
    public Future<List<Project>> list(Caller caller) {
        String where;
        if (caller.role() == Role.REQUESTER) {
            where = " where p.ownerId = :caller";
        } else if (caller.role() == Role.CONTRIBUTOR) {
            where = " where p.status = 'active'";
        } else {
            where = "";
        }
        String hql = "from ProjectEntity p" + where + " order by p.id";
        return onContext(
                () ->
                        sessions.withSession(
                                session -> {
                                    var query =
                                            session.createSelectionQuery(hql, ProjectEntity.class)
                                                    .setMaxResults(1000);
                                    if (caller.role() == Role.REQUESTER) {
                                        query.setParameter("caller", caller.accountId());
                                    }
                                    return query.getResultList()
                                            .thenApply(
                                                    list ->
                                                            list.stream()
                                                                    .map(Project::of)
                                                                    .toList());
                                }));
    }

    private static void checkOwner(Caller caller, Project project, long id) {
        if (project == null) {
            throw ApiProblem.notFound("project " + id);
        }
        if (caller.role() != Role.ADMIN && project.ownerId() != caller.accountId()) {
            throw ApiProblem.forbidden("project " + id + " belongs to another requester");
        }
    }

    private static ApiProblem staleVersion(int current) {
        return ApiProblem.conflict(
                "stale-version",
                "the project changed since you read it"
                        + (current >= 0 ? " (now version " + current + ")" : "")
                        + "; read it again and resend");
    }

    private static void apply(ProjectEntity e, ProjectRequest r) {
        e.name = r.name();
        e.instructions = r.instructions();
        e.labelSchema = new String(Json.encode(r.labelSchema()).getBytes(), StandardCharsets.UTF_8);
        e.minLabels = r.overlap().minLabels();
        e.maxLabels = r.overlap().maxLabels();
        e.confidence = r.overlap().confidence();
        e.goldShare = r.goldShare();
        e.rewardPerLabel = new BigDecimal(r.reward());
        e.reputationGate = r.reputationGate();
        e.assignmentMode = r.assignmentMode();
        e.leaseSeconds = r.leaseSeconds();
        e.status = r.status();
    }

    private void remember(Project project) {
        cache.put(project.id(), project);
    }

    /**
     * Runs a Hibernate Reactive call and returns its result as a Vert.x future. Handlers call this
     * on their event loop, which is where Hibernate Reactive wants to be called from.
     */
    private <T> Future<T> onContext(Supplier<CompletionStage<T>> call) {
        Context context = vertx.getOrCreateContext();
        return Future.fromCompletionStage(call.get(), context)
                .recover(
                        failure -> {
                            Throwable cause = failure;
                            while (cause instanceof java.util.concurrent.CompletionException
                                    && cause.getCause() != null) {
                                cause = cause.getCause();
                            }
                            return Future.failedFuture(cause);
                        });
    }
}
