// Renderer entry: one store, one controller, the App. The shell is detected after first paint so
// the window is never blank while we probe for a server.

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { ControllerContext } from './model/context.js';
import { Controller } from './model/controller.js';
import { Store, StoreContext } from './model/store.js';
import './styles.css';
import './classroom.css';

const store = new Store();
const controller = new Controller(store);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <StoreContext.Provider value={store}>
      <ControllerContext.Provider value={controller}>
        <App />
      </ControllerContext.Provider>
    </StoreContext.Provider>
  </StrictMode>,
);

void controller.init();
// the decoder worker's script loads now, not when the first capture is picked
controller.prepareWorker();
