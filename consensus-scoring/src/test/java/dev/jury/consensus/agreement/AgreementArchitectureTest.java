package dev.jury.consensus.agreement;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(
        packages = "dev.jury.consensus.agreement",
        importOptions = ImportOption.DoNotIncludeTests.class)
class AgreementArchitectureTest {

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
}
