// A preload (--require) that kills its process with SIGKILL the moment a file
// named `.gitignore` comes to exist through it: opened (created) before
// anything is written into it, written with writeFile (killed right after
// its open), or linked into place. test/client/dispatch/historyLockLost.test.ts
// uses it to check what a writer killed there leaves for the next one.
const fs = require('node:fs');
const { syncBuiltinESMExports } = require('node:module');
const fsp = fs.promises;
const hit = (p) => String(p).endsWith('/.gitignore') || String(p).endsWith('\\.gitignore');
const open = fsp.open;
fsp.open = async function (p, ...rest) {
  const handle = await open.call(this, p, ...rest);
  if (hit(p)) process.kill(process.pid, 'SIGKILL');
  return handle;
};
const writeFile = fsp.writeFile;
fsp.writeFile = async function (p, data, options) {
  if (hit(p)) await fsp.open(p, (options && options.flag) || 'w');
  return writeFile.call(this, p, data, options);
};
const link = fsp.link;
fsp.link = async function (from, to) {
  await link.call(this, from, to);
  if (hit(to)) process.kill(process.pid, 'SIGKILL');
};
syncBuiltinESMExports();
