import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { loadClock } from './layout/clock.tsx';

const root = document.getElementById('root');
if (!root) throw new Error('#root missing');
// Pages compute dates (days overdue, default periods) from the server's today, which an
// installation may declare (the demo's is in 2016): know it before the first page renders.
void loadClock().finally(() =>
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
