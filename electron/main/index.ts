// The desktop shell's main process: app lifecycle, the one window, deep links, and wiring of the plain modules
// beside this file to Electron. Decisions live in those modules (tested under Node); this file only connects them.
import { app, BrowserWindow, desktopCapturer, dialog, ipcMain, safeStorage, session } from 'electron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBridgeHandlers } from './bridgeHandlers.ts';
import { DEEP_LINK_SCHEME, findDeepLinkInArgv, parseDeepLink, resolveJoinTarget } from './deeplink.ts';
import { JOIN_LINK_CHANNEL, registerIpcHandlers } from './ipc.ts';
import { ScreenSourcePicker } from './screenSources.ts';
import { SecureStore, type Cipher } from './secureStore.ts';
import { isAllowedNavigation, originOf } from './security.ts';
import { DEFAULT_SERVER_URL, loadSettings, resolveServerOrigin, saveSettings } from './settings.ts';
import { decideServerTrust, presentedChain, resolveCaPin, type CaPin } from './trust.ts';
import { hardenSession, hardenWebContents } from './window.ts';

const PRELOAD_PATH = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
// Unpackaged runs on Linux show this; packaged apps get their icon from the installer's desktop entry.
const ICON_PATH = fileURLToPath(new URL('../../../build/icon.png', import.meta.url));

const TEXT = {
  title: 'Phòng họp số',
  invalidLink: 'Liên kết mời không hợp lệ.',
  invalidLinkDetail: 'Liên kết có thể đã bị cắt hoặc sửa đổi. Hãy mở lại liên kết từ thư mời gốc.',
  switchServer: 'Kết nối tới một máy chủ họp khác?',
  switchServerDetail: (target: string, current: string) =>
    `Liên kết mời này dẫn tới máy chủ ${target}\nMáy chủ đang dùng: ${current}\n\n` +
    'Chỉ tiếp tục nếu liên kết đến từ cơ quan của bạn.',
  connect: 'Kết nối',
  cancel: 'Hủy',
};

const log = (message: string): void => console.log(`[phonghop] ${message}`);

// Tests and side-by-side installs point the profile elsewhere; must happen before anything reads userData.
if (process.env.PHONGHOP_USER_DATA_DIR) app.setPath('userData', process.env.PHONGHOP_USER_DATA_DIR);
app.enableSandbox();

/** The meeting server's origin: the only origin the window may show and the only one the bridge answers. */
let appOrigin = DEFAULT_SERVER_URL;
/** The CA the configured server's certificate may chain to instead of the OS store (docs/deployment.md). */
let caPin: CaPin | null = null;
let mainWindow: BrowserWindow | null = null;
let initialUrl: string | null = null;

const settingsFile = (): string => join(app.getPath('userData'), 'settings.json');

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

const picker = new ScreenSourcePicker((options) => desktopCapturer.getSources(options));
let secrets: Promise<SecureStore> | null = null;

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
    focusWindow();
    const link = findDeepLinkInArgv(argv);
    if (link !== null) onDeepLink(link);
  });
  app.on('web-contents-created', (_event, contents) =>
    hardenWebContents(contents, { appOrigin: () => appOrigin, log }),
  );
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
}

async function start(): Promise<void> {
  const saved = await loadSettings(settingsFile());
  const resolved = resolveServerOrigin(process.env.PHONGHOP_SERVER_URL, saved);
  resolved.warnings.forEach(log);
  appOrigin = resolved.origin;
  log(`server ${appOrigin} (${resolved.source})`);
  const pinned = resolveCaPin(resolved, process.env.PHONGHOP_SERVER_CA_SHA256, saved);
  pinned.warnings.forEach(log);
  caPin = pinned.pin;
  if (caPin) log(`server CA pinned: SHA-256 ${caPin.sha256}`);
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
      picker,
      secrets: () => (secrets ??= SecureStore.open(join(app.getPath('userData'), 'secrets.json'), cipher)),
      cacheRoot: join(app.getPath('userData'), 'document-cache'),
    }),
    () => appOrigin,
    log,
  );

  const link = findDeepLinkInArgv(process.argv);
  if (link !== null) await handleDeepLink(link);
  createWindow();
}

function registerProtocolClient(): void {
  // Unpackaged (`electron .`), the OS must be told to start Electron with the app's folder as argument.
  const registered =
    process.defaultApp && process.argv[1] !== undefined
      ? app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME, process.execPath, [process.argv[1]])
      : app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);
  if (!registered) log(`could not register as handler of ${DEEP_LINK_SCHEME}:// links`);
}

function createWindow(): void {
  const window = new BrowserWindow({
    title: TEXT.title,
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 600,
    show: false,
    backgroundColor: '#ffffff',
    icon: process.platform === 'linux' && existsSync(ICON_PATH) ? ICON_PATH : undefined,
    webPreferences: {
      preload: PRELOAD_PATH,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: !app.isPackaged,
      additionalArguments: [`--phonghop-version=${app.getVersion()}`],
    },
  });
  mainWindow = window;
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  const url = initialUrl ?? `${appOrigin}/`;
  initialUrl = null;
  window.loadURL(url).catch((error: unknown) => log(`could not load ${originOf(url)}: ${String(error)}`));
}

function focusWindow(): void {
  if (mainWindow === null) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

async function handleDeepLink(raw: string): Promise<void> {
  const parsed = parseDeepLink(raw);
  if (!parsed.ok) {
    log(`deep link refused: ${parsed.reason}`);
    await showMessage({ type: 'warning', message: TEXT.invalidLink, detail: TEXT.invalidLinkDetail });
    return;
  }
  const target = resolveJoinTarget(parsed.value, appOrigin);
  if (target.switchesServer) {
    const answer = await showMessage({
      type: 'question',
      message: TEXT.switchServer,
      detail: TEXT.switchServerDetail(target.origin, appOrigin),
      buttons: [TEXT.cancel, TEXT.connect],
      defaultId: 0,
      cancelId: 0,
    });
    if (answer !== 1) return;
    appOrigin = target.origin;
    await saveSettings(settingsFile(), { serverUrl: target.origin }).catch((error: unknown) =>
      log(`could not save settings: ${String(error)}`),
    );
    log(`server switched to ${appOrigin} by a deep link`);
  }
  openJoinUrl(target.joinUrl, target.switchesServer);
}

/** A page of the app that is already showing handles the link itself (no reload mid-meeting); otherwise load it. */
function openJoinUrl(joinUrl: string, reload: boolean): void {
  const window = mainWindow;
  if (window === null) {
    initialUrl = joinUrl;
    return;
  }
  focusWindow();
  const contents = window.webContents;
  const showingApp = !contents.isLoading() && isAllowedNavigation(contents.getURL(), appOrigin);
  if (!reload && showingApp) contents.send(JOIN_LINK_CHANNEL, joinUrl);
  else
    contents.loadURL(joinUrl).catch((error: unknown) => log(`could not load ${originOf(joinUrl)}: ${String(error)}`));
}

async function showMessage(options: Electron.MessageBoxOptions): Promise<number> {
  const full = { title: TEXT.title, ...options };
  const result = mainWindow ? await dialog.showMessageBox(mainWindow, full) : await dialog.showMessageBox(full);
  return result.response;
}

if (app.requestSingleInstanceLock()) startShell();
else app.quit(); // another instance is running; it receives our argv through `second-instance`
