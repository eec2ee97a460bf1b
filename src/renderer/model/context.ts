// React context for the controller (actions); the store has its own (store.ts).

import { createContext, useContext } from 'react';
import type { Controller } from './controller.js';

export const ControllerContext = createContext<Controller | null>(null);

export function useController(): Controller {
  const controller = useContext(ControllerContext);
  if (!controller) throw new Error('ControllerContext missing');
  return controller;
}
