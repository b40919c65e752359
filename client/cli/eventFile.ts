import { EventFileError, parseEventFile, type EventFile } from '../../grammar/render/eventFile';
import { UnreadableInput, readInput } from './files';

export { eventValues, type EventFile, type EventValues } from '../../grammar/render/eventFile';

/** `--event-file F` (spec section 10.4): reads F; an unreadable or malformed file is exit 2. */
export function readEventFile(path: string, cwd: string): EventFile {
  const text = readInput(path, cwd);
  try {
    return parseEventFile(text, path);
  } catch (e) {
    if (e instanceof EventFileError) throw new UnreadableInput(e.message);
    throw e;
  }
}
