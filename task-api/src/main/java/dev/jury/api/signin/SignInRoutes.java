package dev.jury.api.signin;

import dev.jury.api.ApiVerticle;
import dev.jury.api.auth.Caller;
import dev.jury.api.auth.RateLimiter;
import dev.jury.api.auth.Role;
import dev.jury.api.auth.TokenAuth;
import dev.jury.api.http.ApiProblem;
import dev.jury.api.http.Json;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;

/**
 * Sign-in with Ethereum under {@code /api/v1}:
 *
 * <ul>
 *   <li>{@code POST /auth/siwe/nonce} (public): a single-use nonce for the next message;
 *   <li>{@code POST /auth/siwe} (public): a signed EIP-4361 message in, a contributor token out;
 *   <li>{@code POST /me/wallet} (contributor): binds or changes the caller's payout address.
 * </ul>
 *
 * <p>The two public routes run before token authentication ({@link #PUBLIC_ORDER}) and are rate
 * limited per client address instead of per token, at the API's per-token rate.
 */
public final class SignInRoutes implements ApiVerticle.ExtraRoutes {

    /**
     * Route order for routes that need no token: below every route the core router adds, so they
     * answer before its body reader and token check run.
     */
    public static final int PUBLIC_ORDER = -100;

    private final SignIn signIn;
    private final SiweVerifier verifier;
    private final TokenAuth tokenAuth;
    private final RateLimiter publicLimiter;
    private final long bodyLimitBytes;
    private final String configuredDomain;

    /**
     * @param signIn the database side
     * @param tokenAuth told to forget cached accounts after a wallet changes
     * @param requestsPerSecond per-address rate of the public routes
     * @param bodyLimitBytes largest JSON body
     * @param configuredDomain the authority messages must name, or null to use each request's
     *     {@code Host}
     */
    public SignInRoutes(
            SignIn signIn,
            TokenAuth tokenAuth,
            int requestsPerSecond,
            long bodyLimitBytes,
            String configuredDomain) {
        this.signIn = signIn;
        this.verifier = new SiweVerifier(Clock.systemUTC());
        this.tokenAuth = tokenAuth;
        this.publicLimiter = new RateLimiter(requestsPerSecond);
        this.bodyLimitBytes = bodyLimitBytes;
        this.configuredDomain = configuredDomain;
    }

    /** The routes for a running API; messages must name the request's {@code Host}. */
    public static SignInRoutes create(dev.jury.api.ApiServices services) {
        return new SignInRoutes(
                new SignIn(services.pool()),
                services.tokenAuth(),
                services.config().requestsPerSecond(),
                services.config().bodyLimitBytes(),
                null);
    }

    /** Body of the sign-in and wallet routes. */
    public record SignedMessage(String message, String signature) {
        public SignedMessage {
            if (message == null || signature == null) {
                throw new IllegalArgumentException("message and signature are required");
            }
        }
    }

    @Override
    public void mount(Vertx vertx, Router api) {
        BodyHandler body = BodyHandler.create(false).setBodyLimit(bodyLimitBytes);
        api.post("/auth/siwe/nonce")
                .order(PUBLIC_ORDER)
                .handler(this::limitByAddress)
                .handler(
                        ApiVerticle.async(
                                ctx ->
                                        signIn.issueNonce()
                                                .onSuccess(n -> Json.reply(ctx, 201, n))));
        api.post("/auth/siwe")
                .order(PUBLIC_ORDER)
                // Vert.x wants the body handler first on a route; the body is bounded anyway.
                .handler(body)
                .handler(this::limitByAddress)
                .handler(ApiVerticle.async(this::signIn));
        api.post("/me/wallet").handler(ApiVerticle.async(this::bindWallet));
    }

    private Future<Void> signIn(RoutingContext ctx) {
        SignedMessage signed = Json.body(ctx, SignedMessage.class);
        SiweMessage message = verify(ctx, signed, 401);
        return signIn.signIn(message)
                .recover(e -> Future.failedFuture(problem(e, 401)))
                .map(
                        session -> {
                            Json.reply(ctx, 200, session);
                            return null;
                        });
    }

    private Future<Void> bindWallet(RoutingContext ctx) {
        Caller caller = Caller.of(ctx).require(Role.CONTRIBUTOR);
        SignedMessage signed = Json.body(ctx, SignedMessage.class);
        // The caller already proved who they are with a token; a refused proof of the wallet is
        // "not allowed", not "authenticate again".
        SiweMessage message = verify(ctx, signed, 403);
        return signIn.bindWallet(caller, message)
                .recover(e -> Future.failedFuture(problem(e, 403)))
                .map(
                        account -> {
                            tokenAuth.invalidate();
                            Json.reply(ctx, 200, account);
                            return null;
                        });
    }

    private SiweMessage verify(RoutingContext ctx, SignedMessage signed, int rejectedStatus) {
        try {
            return verifier.verify(signed.message(), signed.signature(), expectedDomain(ctx));
        } catch (SiweException e) {
            throw (ApiProblem) problem(e, rejectedStatus);
        }
    }

    private String expectedDomain(RoutingContext ctx) {
        if (configuredDomain != null) {
            return configuredDomain;
        }
        HostAndPort authority = ctx.request().authority();
        if (authority == null) {
            return null;
        }
        return authority.port() < 0 ? authority.host() : authority.host() + ":" + authority.port();
    }

    private static Throwable problem(Throwable e, int rejectedStatus) {
        if (e instanceof SiweException siwe) {
            return siwe.malformed()
                    ? ApiProblem.of(
                            400, "siwe-malformed", "Not an EIP-4361 message", siwe.getMessage())
                    : ApiProblem.of(
                            rejectedStatus,
                            "siwe-rejected",
                            "Sign-in message refused",
                            siwe.getMessage());
        }
        return e;
    }

    private void limitByAddress(RoutingContext ctx) {
        SocketAddress remote = ctx.request().remoteAddress();
        long wait = publicLimiter.acquire("address:" + (remote == null ? "?" : remote.host()));
        if (wait > 0) {
            ctx.fail(ApiProblem.rateLimited(wait));
        } else {
            ctx.next();
        }
    }
}
