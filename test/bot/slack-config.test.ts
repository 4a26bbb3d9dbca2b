import { describe, expect, it } from 'vitest';
import { engineDeps } from '../../src/app/services.js';
import { createSlackBot, SlackConfigError } from '../../src/bot/slack-bot.js';
import { startSlack } from '../../src/bot/slack-channel.js';
import { ConfigError, readConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/log/logger.js';
import { MemoryApplicationStore } from '../../src/store/memory-store.js';
import { withRelay } from '../support/with-relay.js';

const services = {
  store: new MemoryApplicationStore(),
  deps: engineDeps,
  clock: () => new Date(),
  logger: createLogger({ level: 'silent' }),
};

describe('Slack configuration', () => {
  it('reads HTTP mode settings, and leaves the channel off without a bot token', async () => {
    const config = readConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's3cret', PORT: '8080' });
    expect(config.slack).toEqual({
      botToken: 'xoxb-1',
      signingSecret: 's3cret',
      port: 8080,
      statusVisibility: 'members',
    });
    expect(await startSlack(readConfig({}), withRelay(services))).toBeUndefined();
  });

  it('names the variable and its fix for a wrong token, without echoing it', () => {
    expect(() => readConfig({ SLACK_BOT_TOKEN: 'xoxp-user-token-secret' })).toThrow(ConfigError);
    try {
      readConfig({ SLACK_BOT_TOKEN: 'xoxp-user-token-secret' });
    } catch (err) {
      expect((err as Error).message).toContain('SLACK_BOT_TOKEN');
      expect((err as Error).message).not.toContain('xoxp-user-token-secret');
    }
  });

  it('chooses Socket Mode when an app-level token is set, and refuses a token with neither secret', () => {
    const settings = { botToken: 'xoxb-1', port: 0, statusVisibility: 'members' as const };
    const bot = createSlackBot({
      settings: { ...settings, appToken: 'xapp-1' },
      services,
      lang: 'ja',
      botId: 'B1',
      botUserId: 'U1',
    });
    expect(bot.mode).toBe('socket');
    expect(() => createSlackBot({ settings, services, lang: 'ja' })).toThrow(SlackConfigError);
  });
});
