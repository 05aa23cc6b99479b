// The shared styles come first, so every component's own stylesheet (bundled in import
// order) can refine them.
import './styles/tokens.css';
import './styles/base.css';
import './styles/controls.css';
import './ui/overlays.css';
import './instances/instance-list.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { connectApi } from './api/client';
import { applyTheme, readThemeChoice } from './shell/theme';
import { applyWindowChrome } from './shell/window-chrome';

const container = document.getElementById('root');
if (!container) throw new Error('index.html lacks #root');
applyWindowChrome();
// Before the first paint, so a dark choice never flashes light.
applyTheme(readThemeChoice());
const api = connectApi();
createRoot(container).render(
  <StrictMode>
    <App api={api} />
  </StrictMode>,
);
