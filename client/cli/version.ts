import pkg from '../../package.json';

/** The package version, sent as `User-Agent: notify/<version>`. */
export const VERSION: string = pkg.version;
