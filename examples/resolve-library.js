// In this repository, `import ... from 'cdk8s-zero-trust'` in an example means the library's own source, not an
// installed copy: this hook answers that one request with ../src/index (src/index.ts under ts-node, or
// src/index.js next to a compiled copy of this file, as in the benchmark's .bench-build/), and leaves every other
// request to Node. The type checker gets the same answer from `paths` in examples/tsconfig.json.
//
// Loaded by ts-node (`"ts-node": { "require": [...] }` in examples/tsconfig.json) when `cdk8s synth` runs an
// example, and by examples/examples.ts. A copy of an example in your own app needs none of this: there
// 'cdk8s-zero-trust' is the installed package.
'use strict';
const Module = require('module');
const path = require('path');

const NAME = 'cdk8s-zero-trust';
const SOURCE = path.join(__dirname, '..', 'src', 'index');
const HOOKED = Symbol.for('cdk8s-zero-trust.resolve-library');

if (!Module[HOOKED]) {
  Module[HOOKED] = true;
  const resolveFilename = Module._resolveFilename;
  Module._resolveFilename = function (request, ...rest) {
    return resolveFilename.call(this, request === NAME ? SOURCE : request, ...rest);
  };
}
