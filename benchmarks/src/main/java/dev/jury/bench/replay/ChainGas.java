package dev.jury.bench.replay;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.net.URI;
import java.util.ArrayList;
import java.util.Set;

/** Reads the gas of transactions from their receipts over a chain's JSON-RPC endpoint. */
final class ChainGas {
    private final HttpClient http;
    private final URI rpc;

    ChainGas(Vertx vertx, URI rpc) {
        this.rpc = rpc;
        this.http =
                vertx.createHttpClient(
                        new HttpClientOptions()
                                .setDefaultHost(rpc.getHost())
                                .setDefaultPort(rpc.getPort() > 0 ? rpc.getPort() : 80));
    }

    /** Sum of {@code gasUsed} over the receipts; fails if a receipt is missing. */
    Future<Long> totalGas(Set<String> transactions) {
        return Replay.bounded(new ArrayList<>(transactions), 8, this::gasUsed)
                .map(list -> list.stream().mapToLong(Long::longValue).sum());
    }

    private Future<Long> gasUsed(String tx) {
        JsonObject call =
                new JsonObject()
                        .put("jsonrpc", "2.0")
                        .put("id", 1)
                        .put("method", "eth_getTransactionReceipt")
                        .put("params", new JsonArray().add(tx));
        String path =
                rpc.getRawPath() == null || rpc.getRawPath().isEmpty() ? "/" : rpc.getRawPath();
        return http.request(
                        new RequestOptions()
                                .setMethod(HttpMethod.POST)
                                .setURI(path)
                                .putHeader("Content-Type", "application/json"))
                .compose(req -> req.send(call.toBuffer()))
                .compose(resp -> resp.body())
                .map(
                        body -> {
                            JsonObject receipt = new JsonObject(body).getJsonObject("result");
                            if (receipt == null) {
                                throw new IllegalStateException("no receipt for " + tx);
                            }
                            return new BigInteger(receipt.getString("gasUsed").substring(2), 16)
                                    .longValueExact();
                        });
    }
}
