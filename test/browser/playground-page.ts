import type { Page } from 'playwright-core';

// What the page functions below touch in the browser; the project's types are Node's, not the DOM's.
declare const document: { querySelector(selector: string): { textContent: string | null } | null };

const LAST_ANSWER = '#history .message.assistant:last-child';

/** Drives the playground the way a person does: type, press Send or Stop, read the page. */
export class Playground {
  constructor(readonly page: Page) {}

  async ask(prompt: string): Promise<void> {
    await this.page.fill('#prompt', prompt);
    await this.page.click('#send');
  }

  /** Resolves once the last answer on the page reads exactly `text`. */
  async waitForAnswerText(text: string): Promise<void> {
    await this.page.waitForFunction(([selector, expected]) => document.querySelector(`${selector} .text`)?.textContent === expected, [
      LAST_ANSWER,
      text,
    ] as const);
  }

  async waitForAnswerState(state: 'streaming' | 'done' | 'stopped' | 'error'): Promise<void> {
    await this.page.waitForSelector(`${LAST_ANSWER}[data-state="${state}"]`);
  }

  async answerText(): Promise<string | null> {
    return this.page.textContent(`${LAST_ANSWER} .text`);
  }

  /** The alert line once it shows. */
  async notice(): Promise<string> {
    await this.page.waitForSelector('#notice:not([hidden])');
    return (await this.page.textContent('#notice')) ?? '';
  }

  async messageCount(): Promise<number> {
    return this.page.locator('#history .message').count();
  }

  async waitForModels(): Promise<void> {
    await this.page.waitForSelector('#chat-model option', { state: 'attached' });
  }
}
