//! The random parts of what io/files writes (temporary names, lock tokens), made one way each, and
//! Node's crypto module loaded only when one of them needs it: a render of a small letter never does.

/** Node's crypto module, loaded on the first call (Node keeps it): a command that needs none does without it. */
export const nodeCrypto = (): typeof import('node:crypto') => process.getBuiltinModule('node:crypto');

/** `bytes` unguessable random bytes as hex (node:crypto): lock tokens, and names that must never repeat. */
export function randomHex(bytes: number): string {
  return nodeCrypto().randomBytes(bytes).toString('hex');
}

/**
 * 8 hex digits for a temporary file's name, without node:crypto (which costs a render
 * milliseconds to load): the name need only differ from another writer's, and it is created
 * exclusively, which refuses a name that exists (the writer then draws another).
 */
export function tempSuffix(): string {
  return Math.floor(Math.random() * 0x1_0000_0000)
    .toString(16)
    .padStart(8, '0');
}
