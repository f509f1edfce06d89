package dev.jury.consensus.agreement;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Keeps the metrics and reputation packages as free of dependencies as the rest of the core. */
@AnalyzeClasses(
        packages = {"dev.jury.consensus.agreement", "dev.jury.consensus.reputation"},
        importOptions = ImportOption.DoNotIncludeTests.class)
class MetricsArchitectureTest {

    @ArchTest
    static final ArchRule metricsUseOnlyTheJdkAndTheCore =
            classes()
                    .that()
                    .resideInAnyPackage("..consensus.agreement..", "..consensus.reputation..")
                    .should()
                    .onlyDependOnClassesThat()
                    .resideInAnyPackage(
                            "java..",
                            "dev.jury.consensus",
                            "dev.jury.consensus.aggregation",
                            "dev.jury.consensus.internal",
                            "..consensus.agreement..",
                            "..consensus.reputation..")
                    .because(
                            """
                            the metrics and the reputation model run in the API, in Flink operators \
                            and in benchmarks alike; anything beyond the JDK and the consensus core \
                            would leak into all three.""");

    @ArchTest
    static final ArchRule reputationDoesNotNeedTheMetrics =
            classes()
                    .that()
                    .resideInAPackage("..consensus.reputation..")
                    .should()
                    .onlyDependOnClassesThat()
                    .resideOutsideOfPackage("..consensus.agreement..")
                    .because(
                            """
                            reputation consumes evidence (gold and consensus outcomes) that callers \
                            derive; keeping it free of the metrics keeps the two packages separately \
                            usable and avoids a cycle.""");
}
