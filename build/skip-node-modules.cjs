// electron-builder `beforeBuild` hook. Returning false tells electron-builder that node_modules is handled
// elsewhere: nothing is installed or rebuilt for Electron and no dependency is copied into the app. The shell
// imports only Electron and Node built-ins; package.json's dependencies belong to the server and the renderer
// (whose bundle already contains what it uses).
exports.default = async function skipNodeModules() {
  return false;
};
