import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { connectApi } from './api/client';

const container = document.getElementById('root');
if (!container) throw new Error('index.html lacks #root');
const api = connectApi();
createRoot(container).render(
  <StrictMode>
    <App api={api} />
  </StrictMode>,
);
