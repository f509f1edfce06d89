#!/usr/bin/env bash
# Regenerates the committed Web3j wrapper src/main/java/dev/jury/rewards/contract/ContributionRegistry.java
# from src/main/solidity after a contract change: compiles with the pinned solc, runs Web3j codegen
# 4.13.0 (a plugin dependency of the `codegen` profile, never on the module's class path) and
# formats the result. ContractArtifactsTest fails while the committed wrapper's bytecode differs
# from the compiler's.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
./mvnw -q -Pcodegen -pl rewards process-resources
./mvnw -q -pl rewards spotless:apply
