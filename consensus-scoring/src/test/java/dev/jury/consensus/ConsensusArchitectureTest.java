package dev.jury.consensus;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Keeps the whole consensus core free of frameworks. The enforcer plugin bans non-test dependencies
 * from the pom; this rule also catches code that reaches a class that happens to be on the
 * classpath (a test library, a JDK-internal package).
 */
@AnalyzeClasses(
        packages = "dev.jury.consensus",
        importOptions = ImportOption.DoNotIncludeTests.class)
class ConsensusArchitectureTest {

    @ArchTest
    static final ArchRule coreUsesOnlyTheJdk =
            classes()
                    .that()
                    .resideInAPackage("dev.jury.consensus..")
                    .should()
                    .onlyDependOnClassesThat()
                    .resideInAnyPackage("java..", "dev.jury.consensus..")
                    .because(
                            """
                            the algorithms run inside the Vert.x API, inside Flink operators and in \
                            offline benchmarks alike; a framework class here would leak into all \
                            three and make the math impossible to test or reuse on its own.""");

    @ArchTest
    static final ArchRule internalHelpersAreALeaf =
            classes()
                    .that()
                    .resideInAPackage("dev.jury.consensus.internal..")
                    .should()
                    .onlyDependOnClassesThat()
                    .resideInAnyPackage("java..", "dev.jury.consensus.internal..")
                    .because(
                            """
                            internal holds numeric helpers (row normalisation, argmax) that every \
                            algorithm package uses; if it depended back on them, packages would form \
                            a cycle.""");
}
