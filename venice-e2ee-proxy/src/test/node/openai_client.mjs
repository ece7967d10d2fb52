// The official openai npm client, unchanged, pointed at the proxy (PROXY_URL, PROXY_KEY). One phase per run:
//   node openai_client.mjs models
//   node openai_client.mjs chat MODEL PROMPT       a streamed and a non-streamed completion of the same prompt
//   node openai_client.mjs error MODEL stream|whole  a completion expected to fail: how the client reports it
// Prints one JSON line with what the client saw.
import OpenAI from 'openai';

const [, , phase, model, arg] = process.argv;
const client = new OpenAI({ baseURL: process.env.PROXY_URL, apiKey: process.env.PROXY_KEY, maxRetries: 0, timeout: 60000 });
const out = (o) => console.log(JSON.stringify(o));

if (phase === 'models') {
  const models = [];
  for await (const m of client.models.list()) {
    models.push({ id: m.id, object: m.object, e2ee: m.e2ee });
  }
  out({ models });
} else if (phase === 'chat') {
  const messages = [{ role: 'user', content: arg }];
  const stream = await client.chat.completions.create({ model, messages, stream: true });
  let streamed = '';
  let chunks = 0;
  let finish = null;
  const ids = new Set();
  for await (const chunk of stream) {
    chunks++;
    ids.add(chunk.id);
    streamed += chunk.choices[0]?.delta?.content ?? '';
    finish = chunk.choices[0]?.finish_reason ?? finish;
  }
  const { data: whole, response } = await client.chat.completions.create({ model, messages }).withResponse();
  out({
    streamed, chunks, ids: [...ids], finish,
    whole: whole.choices[0].message.content, wholeObject: whole.object, wholeId: whole.id,
    usage: whole.usage, mode: response.headers.get('x-venice-e2ee'),
  });
} else if (phase === 'error') {
  const messages = [{ role: 'user', content: 'a prompt that is long enough to be streamed in several chunks of text' }];
  try {
    if (arg === 'stream') {
      const stream = await client.chat.completions.create({ model, messages, stream: true });
      let text = '';
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta?.content ?? '';
      }
      out({ error: null, text });
    } else {
      const whole = await client.chat.completions.create({ model, messages });
      out({ error: null, text: whole.choices[0].message.content });
    }
  } catch (e) {
    out({
      error: {
        name: e.constructor.name, apiError: e instanceof OpenAI.APIError, status: e.status ?? null,
        message: e.message, type: e.type ?? null, code: e.code ?? null,
      },
    });
  }
} else {
  console.error(`unknown phase ${phase}`);
  process.exit(2);
}
