/** The warrant and key-registry commands of the `warranted` CLI. */
export { registerWarrantCommands } from './warrant-commands.ts';
export { registerKeysCommands } from './keys-commands.ts';
export { openDataDir, cliActor, type OpenedData, type DataDirOptions } from './data-dir.ts';
export { readSigner, writeKeyFile, KEY_FILE_FORMAT, type KeyFile } from './key-file.ts';
export { CliError, ERROR_CODES } from './errors.ts';
