// electron-builder `beforeBuild` hook. Returning false tells electron-builder that node_modules is handled
// elsewhere: nothing is installed or rebuilt for Electron and no dependency is copied into the app. package.json's
// dependencies belong to the server and the renderer (whose bundle already contains what it uses); the shell's one
// run-time package, pkcs11js, is copied as an extra resource (electron-builder.yml).
exports.default = async function skipNodeModules() {
  return false;
};
