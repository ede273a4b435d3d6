// The background process a command that wrote a big letter starts (io/files/letter-cache.ts, storeInBackground): it stores the read of the text written in the cache of letters read, and loads nothing else.
import module from 'node:module';

// As bin/letters.js does: the modules it loads are the ones every big read compiles.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
const { storeReadOf } = await import('./io/files/letter-cache.js');
await storeReadOf(process.argv.slice(2));
