package dev.jury.rewards;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Keeps the rewards core runnable without Kafka, and the hashing free of I/O. */
@AnalyzeClasses(packages = "dev.jury.rewards", importOptions = ImportOption.DoNotIncludeTests.class)
class RewardsArchitectureTest {

    @ArchTest
    static final ArchRule onlyTheRunnerKnowsKafka =
            noClasses()
                    .that()
                    // The runner and its nested classes (Running, its handle with the producer).
                    .haveNameNotMatching("dev\\.jury\\.rewards\\.KafkaRewardsRunner(\\$.*)?")
                    .and()
                    .resideInAPackage("dev.jury.rewards..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage("org.apache.kafka..")
                    .because(
                            """
                            the service is driven by tests, the gas benchmark and the Kafka runner \
                            alike; Kafka stays in the runner, which feeds events in and passes a \
                            ContributionSink out.""");

    @ArchTest
    static final ArchRule hashingIsPure =
            classes()
                    .that()
                    .haveSimpleNameStartingWith("Leaf")
                    .or()
                    .haveSimpleNameStartingWith("MerkleTree")
                    .should()
                    .onlyDependOnClassesThat()
                    .resideInAnyPackage(
                            "java.lang..",
                            "java.util..",
                            "java.nio.charset..",
                            "java.math..",
                            "dev.jury.rewards..",
                            "org.web3j.crypto..",
                            "org.web3j.utils..")
                    .because(
                            """
                            the leaf and tree must hash exactly as the contract does; keeping them \
                            free of the database and the node makes that checkable in unit tests.""");
}
