// The desktop shell's main process: app lifecycle, the server this installation uses, deep links, and wiring of the
// plain modules beside this file to Electron. Decisions live in those modules (tested under Node); this file only
// connects them. The server comes from the environment, the installation's config.json or the user's first-run
// settings (settings.ts) — never from a deep link, which can at most open another server once, after asking.
import { app, BrowserWindow, desktopCapturer, dialog, ipcMain, safeStorage, session } from 'electron';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createBridgeHandlers } from './bridgeHandlers.ts';
import { BUILTIN_ORIGIN } from './builtinRenderer.ts';
import { DEEP_LINK_SCHEME, findDeepLinkInArgv } from './deeplink.ts';
import { hardenSession, hardenWebContents } from './hardening.ts';
import { registerIpcHandlers } from './ipc.ts';
import { followDeepLink } from './linkDecision.ts';
import { createOfflineVerifier } from './offlineVerifier.ts';
import { OfflineVerifyWindow } from './offlineWindow.ts';
import { pickerWindowChooser } from './pickerWindow.ts';
import { ScreenSharePicker } from './screenSources.ts';
import { SecureStore, type Cipher } from './secureStore.ts';
import {
  installationConfigPath,
  readConfigFile,
  resolveServerOrigin,
  saveUserSettings,
  type ConfigSource,
  type ServerConfig,
} from './settings.ts';
import { registerSetupHandler } from './setup.ts';
import { pinWindowPrompt } from './signing/pinWindow.ts';
import { createTokenService } from './signing/tokenService.ts';
import { decideServerTrust, presentedChain, type CaPin } from './trust.ts';
import { refreshTrustCopy } from './trustCache.ts';
import { UNREACHABLE_LABELS, unreachableChoices } from './unreachable.ts';
import {
  focusWindow,
  openMainWindow,
  openSetupWindow,
  VisitWindows,
  WINDOW_TITLE,
  type MainWindow,
  type WindowEnvironment,
} from './windows.ts';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
const PRELOAD_PATH = here('../preload/index.cjs');
const SETUP_PRELOAD_PATH = here('../preload/setup.cjs');
// Static, outside dist/: from dist/electron/main/ up to the app's root, which holds electron/setup/ (builder `files`).
const SETUP_PAGE_PATH = here('../../../electron/setup/setup.html');
// The USB-token PIN window: a static page beside the setup page (builder `files`), with its own preload.
const PIN_PAGE_PATH = here('../../../electron/signing/pin.html');
const PIN_PRELOAD_PATH = here('../preload/pin.cjs');
const PICKER_PAGE_PATH = here('../../../electron/picker/picker.html');
const PICKER_PRELOAD_PATH = here('../preload/picker.cjs');
// The built renderer (the offline signature check's page) and the signature check bundled for the shell.
const RENDERER_ROOT = here('../../renderer');
const VERIFIER_PATH = here('../verifier/verifier.mjs');
// Unpackaged runs on Linux show this; packaged apps get their icon from the installer's desktop entry.
const ICON_PATH = here('../../../build/icon.png');

const TEXT = {
  invalidLink: 'Liên kết mời không hợp lệ.',
  invalidLinkDetail: 'Liên kết có thể đã bị cắt hoặc sửa đổi. Hãy mở lại liên kết từ thư mời gốc.',
  noServer: 'Chưa cấu hình máy chủ họp.',
  noServerDetail: 'Hãy nhập địa chỉ máy chủ của cơ quan trong cửa sổ “Kết nối tới máy chủ họp”, rồi mở lại liên kết.',
  otherServer: 'Mở cuộc họp trên một máy chủ khác?',
  otherServerDetail: (target: string, configured: string | null) =>
    `Liên kết mời này dẫn tới máy chủ ${target}\nMáy chủ của cơ quan: ${configured ?? '(chưa cấu hình)'}\n\n` +
    'Cuộc họp sẽ mở trong một cửa sổ riêng, chỉ lần này: máy chủ đó không được lưu, dữ liệu của nó bị xóa khi ' +
    'đóng cửa sổ. Chỉ tiếp tục nếu liên kết đến từ nguồn bạn tin cậy.',
  openOnce: 'Mở lần này',
  cancel: 'Hủy',
  badConfig: 'Cấu hình máy chủ họp không hợp lệ.',
  badConfigDetail: (reason: string) => `${reason}\n\nHãy báo cho bộ phận công nghệ thông tin của cơ quan.`,
  unreachable: (origin: string) => `Không kết nối được tới máy chủ ${origin}.`,
  unreachableDetail: (description: string) =>
    `${description}\n\nKiểm tra mạng rồi thử lại. Chữ ký số của tài liệu vẫn kiểm tra được ngay trên máy này, ` +
    'không cần máy chủ.',
};

const log = (message: string): void => console.log(`[phonghop] ${message}`);

// Tests and side-by-side installs point the profile elsewhere; must happen before anything reads userData.
if (process.env.PHONGHOP_USER_DATA_DIR) app.setPath('userData', process.env.PHONGHOP_USER_DATA_DIR);
app.enableSandbox();

/** The configured server's origin; '' (which matches no URL) while none is configured. */
let appOrigin = '';
let configSource: ConfigSource | null = null;
/** The CA the configured server's certificate may chain to instead of the OS store (docs/deployment.md). */
let caPin: CaPin | null = null;
let main: MainWindow | null = null;
let setupWindow: BrowserWindow | null = null;
/** The installation's folder of trusted roots (beside its config.json), then the copy of the server's trust list. */
let trustDirs: string[] = [];
const serverTrustDir = (): string => join(app.getPath('userData'), 'trust');

const userSettingsFile = (): string => join(app.getPath('userData'), 'settings.json');
const windowEnv = (): WindowEnvironment => ({
  icon: process.platform === 'linux' && existsSync(ICON_PATH) ? ICON_PATH : undefined,
  devTools: !app.isPackaged,
  log,
});

/**
 * On Linux without a keyring Electron "encrypts" with a hard-coded key (the `basic_text` backend); that is plaintext
 * in disguise, so it counts as no encryption and the store refuses to write.
 */
const cipher: Cipher = {
  isEncryptionAvailable: () =>
    safeStorage.isEncryptionAvailable() &&
    !(process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text'),
  encryptString: (plainText) => safeStorage.encryptString(plainText),
  decryptString: (encrypted) => safeStorage.decryptString(encrypted),
};

// Screen sharing: the person chooses the screen or window in the shell's own picker window, over the window that
// asked (the main window, or a visit's); the page only calls getDisplayMedia.
const picker = new ScreenSharePicker(
  (options) => desktopCapturer.getSources(options),
  pickerWindowChooser({
    pageUrl: pathToFileURL(PICKER_PAGE_PATH).href,
    preloadPath: PICKER_PRELOAD_PATH,
    parent: () => BrowserWindow.getFocusedWindow() ?? main?.window ?? null,
  }),
);
let secrets: Promise<SecureStore> | null = null;
// A visit shares a screen the same way: the person picks it in the shell's window, the visited page names nothing.
const visits = new VisitWindows(windowEnv(), (visitSession, origin) =>
  hardenSession(visitSession, { appOrigin: () => origin, picker, log }),
);
// Checking a signed PDF without a server: the built-in renderer's /verify in a window of its own.
const offlineVerify = new OfflineVerifyWindow({ ...windowEnv(), preload: PRELOAD_PATH, rendererRoot: RENDERER_ROOT });

function startShell(): void {
  const whenStarted = app.whenReady().then(start);
  whenStarted.catch((error: unknown) => {
    log(`start-up failed: ${String(error)}`);
    app.exit(1);
  });
  registerProtocolClient();
  const onDeepLink = (raw: string): void => {
    whenStarted.then(() => handleDeepLink(raw)).catch((error: unknown) => log(`deep link failed: ${String(error)}`));
  };
  app.on('open-url', (event, url) => {
    event.preventDefault(); // macOS delivers links here, possibly before ready
    onDeepLink(url);
  });
  app.on('second-instance', (_event, argv) => {
    const shown = main?.window ?? setupWindow;
    if (shown && !shown.isDestroyed()) focusWindow(shown);
    const link = findDeepLinkInArgv(argv);
    if (link !== null) onDeepLink(link);
  });
  app.on('web-contents-created', (_event, contents) =>
    hardenWebContents(contents, {
      appOrigin: () =>
        offlineVerify.owns(contents.session) ? BUILTIN_ORIGIN : (visits.originOf(contents.session) ?? appOrigin),
      log,
    }),
  );
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) showHome();
  });
}

async function start(): Promise<void> {
  const installationFile = installationConfigPath(process.platform, process.env);
  const resolution = resolveServerOrigin({
    env: { serverUrl: process.env.PHONGHOP_SERVER_URL, serverCaSha256: process.env.PHONGHOP_SERVER_CA_SHA256 },
    installation: await readConfigFile(installationFile),
    user: await readConfigFile(userSettingsFile()),
  });
  resolution.warnings.forEach(log);
  trustDirs = [join(dirname(installationFile), 'trust'), serverTrustDir()];

  // -3: Chromium's own verdict, for every host but the pinned server's and for a chain the pin does not vouch for.
  session.defaultSession.setCertificateVerifyProc((request, callback) => {
    const chain = presentedChain(request.certificate);
    const decision = decideServerTrust({ pin: caPin, hostname: request.hostname, chain });
    if (decision.applies && !decision.accept) log(`certificate of ${request.hostname} not pinned: ${decision.reason}`);
    callback(decision.accept ? 0 : -3);
  });
  hardenSession(session.defaultSession, { appOrigin: () => appOrigin, picker, log });
  registerIpcHandlers(
    ipcMain,
    createBridgeHandlers({
      secrets: () => (secrets ??= SecureStore.open(join(app.getPath('userData'), 'secrets.json'), cipher)),
      cacheRoot: join(app.getPath('userData'), 'document-cache'),
      // The token's PKCS#11 module (the CA's driver) is the installation's choice, never the page's.
      tokens: createTokenService(
        process.env.PHONGHOP_PKCS11_MODULE ?? null,
        pinWindowPrompt({
          pageUrl: pathToFileURL(PIN_PAGE_PATH).href,
          preloadPath: PIN_PRELOAD_PATH,
          parent: () => main?.window ?? null,
        }),
      ),
      verifier: createOfflineVerifier({ modulePath: VERIFIER_PATH, trustDirs: () => trustDirs, log }),
    }),
    () => appOrigin,
    log,
    // The offline check's page may ask for a check, and for nothing else.
    { verifySignatures: [BUILTIN_ORIGIN] },
  );

  if (resolution.kind === 'invalid') {
    log(`configuration refused: ${resolution.reason}`);
    await dialog.showMessageBox({
      type: 'error',
      title: WINDOW_TITLE,
      message: TEXT.badConfig,
      detail: TEXT.badConfigDetail(resolution.reason),
    });
    app.exit(1);
    return;
  }
  if (resolution.kind === 'configured') useServer(resolution, resolution.source);
  else log(`no server configured (${installationFile} absent, no user settings): first-run page`);
  showHome();

  const link = findDeepLinkInArgv(process.argv);
  if (link !== null) await handleDeepLink(link);
}

function useServer(config: ServerConfig, source: ConfigSource): void {
  appOrigin = config.origin;
  configSource = source;
  caPin = config.caSha256 === null ? null : { origin: config.origin, sha256: config.caSha256 };
  log(`server ${appOrigin} (${source})`);
  if (caPin) log(`server CA pinned: SHA-256 ${caPin.sha256}`);
  keepTrustCopy();
}

/** When the copy of the server's trust list was last taken (page loads refresh it at most hourly). */
let trustCopyAskedAt = 0;

/** A copy of the server's trust list, for checking signatures when it cannot be reached; kept whenever it answers. */
function keepTrustCopy(): void {
  const origin = appOrigin;
  app
    .whenReady()
    .then(() => refreshTrustCopy((url) => session.defaultSession.fetch(url), origin, serverTrustDir()))
    .then(
      (count) => {
        trustCopyAskedAt = Date.now();
        log(`trust list of ${origin}: ${count} certificates kept for checks without the server`);
      },
      (error: unknown) => log(`trust list of ${origin} not refreshed: ${String(error)}`),
    );
}

function registerProtocolClient(): void {
  // Unpackaged (`electron .`), the OS must be told to start Electron with the app's folder as argument.
  const registered =
    process.defaultApp && process.argv[1] !== undefined
      ? app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME, process.execPath, [process.argv[1]])
      : app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);
  if (!registered) log(`could not register as handler of ${DEEP_LINK_SCHEME}:// links`);
}

/** The configured server's sign-in / home page, or the first-run page while there is none. */
function showHome(): MainWindow | null {
  if (appOrigin === '') {
    openSetup();
    return null;
  }
  if (main !== null && !main.window.isDestroyed()) return main;
  const opened = openMainWindow(
    { ...windowEnv(), preload: PRELOAD_PATH, version: app.getVersion(), onLoadFailed: offerServerChange },
    () => appOrigin,
  );
  opened.window.on('closed', () => {
    if (main === opened) main = null;
  });
  // A shell started while the server was unreachable takes the copy once the server's page has loaded.
  opened.window.webContents.on('did-finish-load', () => {
    if (Date.now() - trustCopyAskedAt > 3600_000) keepTrustCopy();
  });
  main = opened;
  return opened;
}

function openSetup(): void {
  if (setupWindow !== null) {
    focusWindow(setupWindow);
    return;
  }
  const unregister = registerSetupHandler(ipcMain, {
    pageUrl: pathToFileURL(SETUP_PAGE_PATH).href,
    log,
    openVerify: () => offlineVerify.open(),
    save: async (config) => {
      await saveUserSettings(userSettingsFile(), config);
      useServer(config, 'user');
      const previous = main;
      main = null;
      showHome(); // before closing anything: closing the last window quits the app
      previous?.window.close();
      setImmediate(() => setupWindow?.close()); // after the answer has gone back to the page
    },
  });
  const window = openSetupWindow({ ...windowEnv(), preload: SETUP_PRELOAD_PATH, page: SETUP_PAGE_PATH });
  window.on('closed', () => {
    unregister();
    if (setupWindow === window) setupWindow = null;
  });
  setupWindow = window;
}

/** The server cannot be reached: try again, check a signature on this computer, or (a server the user typed) another. */
async function offerServerChange(description: string): Promise<void> {
  const window = main?.window;
  if (window === undefined || setupWindow !== null) return;
  const choices = unreachableChoices(configSource);
  const { response } = await dialog.showMessageBox(window, {
    type: 'warning',
    title: WINDOW_TITLE,
    message: TEXT.unreachable(appOrigin),
    detail: TEXT.unreachableDetail(description),
    buttons: choices.map((c) => UNREACHABLE_LABELS[c]),
    defaultId: 0,
    cancelId: 0,
  });
  if (window.isDestroyed()) return;
  const choice = choices[response] ?? 'retry';
  if (choice === 'changeServer') openSetup();
  else if (choice === 'verifyOffline') offlineVerify.open();
  else window.loadURL(`${appOrigin}/`).catch((error: unknown) => log(`could not load ${appOrigin}: ${String(error)}`));
}

async function handleDeepLink(raw: string): Promise<void> {
  const decision = await followDeepLink(raw, appOrigin === '' ? null : appOrigin, {
    ask: async (origin, configured) =>
      (await showMessage({
        type: 'question',
        message: TEXT.otherServer,
        detail: TEXT.otherServerDetail(origin, configured),
        buttons: [TEXT.cancel, TEXT.openOnce],
        defaultId: 0,
        cancelId: 0,
      })) === 1,
    handOver: (joinUrl) => showHome()?.handOver(joinUrl),
    openOnce: (origin, joinUrl) => visits.open(origin, joinUrl),
    refuse: async (notice) => {
      const invalid = notice === 'invalid-link';
      await showMessage({
        type: 'warning',
        message: invalid ? TEXT.invalidLink : TEXT.noServer,
        detail: invalid ? TEXT.invalidLinkDetail : TEXT.noServerDetail,
      });
    },
  });
  log(`deep link: ${decision.action}${'reason' in decision ? ` (${decision.reason})` : ''}`);
}

async function showMessage(options: Electron.MessageBoxOptions): Promise<number> {
  const full = { title: WINDOW_TITLE, ...options };
  const parent = main?.window ?? setupWindow;
  const result =
    parent && !parent.isDestroyed() ? await dialog.showMessageBox(parent, full) : await dialog.showMessageBox(full);
  return result.response;
}

if (app.requestSingleInstanceLock()) startShell();
else app.quit(); // another instance is running; it receives our argv through `second-instance`
