import { contextBridge } from 'electron';

// The typed API surface grows with the IPC contract in src-main/common; until then the
// preload exposes only what the renderer needs to know it runs inside the app.
contextBridge.exposeInMainWorld('limadesk', Object.freeze({ inApp: true }));
