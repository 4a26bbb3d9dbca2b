import { MemoryMailState } from '../../src/mail/memory-mail-state.js';
import { MemoryApplicationStore } from '../../src/store/memory-store.js';
import { mailEndToEnd } from './mail-e2e-scenarios.js';

mailEndToEnd('memory stores', () => ({ store: new MemoryApplicationStore(), state: new MemoryMailState() }));
