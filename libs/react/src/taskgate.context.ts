import { createContext } from 'react';
import type { RegisteredClient } from './register.js';

/** Carries the client from {@link TaskgateProvider} to the hooks. Internal: not exported from the package. */
export const TaskgateContext = createContext<RegisteredClient | undefined>(undefined);
TaskgateContext.displayName = 'TaskgateContext';
