// Locks down every window: no navigation away from the app, no new windows, no permissions
// (camera, geolocation, notifications…), no remote content. The renderer is sandboxed and isolated.
import { app, session, shell } from 'electron';
import type { BrowserWindowConstructorOptions, WebContents } from 'electron';

/** webPreferences for every window of the register. */
export function secureWebPreferences(
  preload: string,
): BrowserWindowConstructorOptions['webPreferences'] {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
  };
}

/** The UI is loaded from files; anything else is not ours. */
function isAppUrl(url: string): boolean {
  return url.startsWith('file://');
}

export function lockDownSessions(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) =>
    callback(false),
  );
  session.defaultSession.setPermissionCheckHandler(() => false);
  // Nothing leaves the machine from the UI: the core does all networking.
  session.defaultSession.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isAppUrl(details.url) && !details.url.startsWith('devtools://') });
  });
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      // A link to documentation opens in the system browser, never in an app window.
      if (url.startsWith('https://')) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
}
