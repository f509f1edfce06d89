package dev.jury.api;

import java.util.concurrent.CountDownLatch;

/** Runs the task API from {@code JURY_*} environment variables until the process is stopped. */
public final class Main {

    private Main() {}

    public static void main(String[] args) throws Exception {
        ApiConfig config;
        dev.jury.api.readmodels.ReadModelConfig readModels;
        try {
            config = ApiConfig.fromEnvironment(System.getenv());
            readModels = dev.jury.api.readmodels.ReadModelConfig.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("jury task-api: " + e.getMessage());
            System.exit(2);
            return;
        }
        TaskApi api = TaskApi.start(config, readModels);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    api.close();
                                    stopped.countDown();
                                },
                                "jury-api-shutdown"));
        System.out.println("jury task-api: listening on " + api.baseUrl());
        stopped.await();
    }
}
