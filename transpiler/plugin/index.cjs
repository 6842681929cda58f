// Entry point that tsserver loads with `require('bulkhead-subset-plugin')`. tsserver only understands
// CommonJS, while the plugin and the subset rules are ES-module TypeScript: this file loads them through
// tsx's scoped CommonJS API (no build step, nothing global registered in the editor's process) and hands
// tsserver the plugin factory.
'use strict';

const { require: requireTypeScriptModule } = require('tsx/cjs/api');

/** @type {{ createSubsetPlugin: (modules: { typescript: typeof import('typescript') }) => unknown }} */
const implementation = requireTypeScriptModule('./plugin.ts', __filename);

module.exports = implementation.createSubsetPlugin;
