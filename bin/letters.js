#!/usr/bin/env node
// The letters command. On Node 22.1 and later, Node keeps the compiled code of dist/ in its
// compile cache (NODE_COMPILE_CACHE, or a folder in the system's temporary directory; Node checks
// each entry against the file's contents and ignores a cache it cannot read or write), so a
// command after the first starts without compiling the bundle again. Node 20 has no such cache.
import module from 'node:module';

module.enableCompileCache?.();
const { run } = await import('../dist/start.js');
await run();
