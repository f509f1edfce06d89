// Compiles every contract under src/main/solidity with the pinned solc (npm, no download) through
// the standard-JSON interface, and writes <Contract>.abi and <Contract>.bin for each contract to
// the output directory (argument 1, default target/contracts). Exits non-zero on any error.
'use strict';
const fs = require('fs');
const path = require('path');
const solc = require('solc');

const srcDir = path.join(__dirname, '..', 'src', 'main', 'solidity');
const outDir = path.resolve(process.argv[2] || path.join(__dirname, '..', 'target', 'contracts'));

const sources = {};
for (const file of fs.readdirSync(srcDir).filter((f) => f.endsWith('.sol')).sort()) {
  sources[file] = { content: fs.readFileSync(path.join(srcDir, file), 'utf8') };
}
const input = {
  language: 'Solidity',
  sources,
  settings: {
    // Fixed settings so the bytecode (and the wrapper that embeds it) is reproducible.
    optimizer: { enabled: true, runs: 200 },
    evmVersion: 'cancun',
    metadata: { bytecodeHash: 'none' },
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
  },
};
const output = JSON.parse(solc.compile(JSON.stringify(input)));
const problems = (output.errors || []).filter((e) => e.severity === 'error');
for (const e of output.errors || []) {
  console.error(e.formattedMessage);
}
if (problems.length > 0) {
  process.exit(1);
}
fs.mkdirSync(outDir, { recursive: true });
for (const [file, contracts] of Object.entries(output.contracts)) {
  for (const [name, c] of Object.entries(contracts)) {
    if (!c.evm.bytecode.object) {
      continue; // abstract contracts have no bytecode
    }
    fs.writeFileSync(path.join(outDir, name + '.abi'), JSON.stringify(c.abi));
    fs.writeFileSync(path.join(outDir, name + '.bin'), c.evm.bytecode.object);
    console.log(`solc ${solc.version()}: ${file}:${name} -> ${path.relative(process.cwd(), outDir)}`);
  }
}
