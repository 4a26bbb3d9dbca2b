import { slackEndToEnd } from './slack-e2e-scenarios.js';

slackEndToEnd('memory store', () => undefined);
