// WeChat Pay v2's body: one flat `<xml>` element of `<name><![CDATA[value]]></name>` children.
// Read with a strict pattern, not an XML library: no DOCTYPE, no entities, no nesting — anything
// else is refused, which also shuts out entity-expansion attacks.
import type { Result } from '../../../app/result';
import { err, ok } from '../../../app/result';

export function toWechatXml(params: Readonly<Record<string, string>>): string {
  const children = Object.entries(params).map(([name, value]) => {
    if (!/^[a-z_][a-z0-9_]*$/i.test(name) || value.includes(']]>')) {
      throw new Error(`WeChat Pay field ${name} cannot be written as XML`);
    }
    return `<${name}><![CDATA[${value}]]></${name}>`;
  });
  return `<xml>${children.join('')}</xml>`;
}

const CHILD = /<([a-z_][a-z0-9_]*)>(?:<!\[CDATA\[([\s\S]*?)\]\]>|([^<&]*))<\/\1>/giy;

export function fromWechatXml(text: string): Result<Record<string, string>> {
  const body = /^\s*<xml>([\s\S]*)<\/xml>\s*$/.exec(text)?.[1];
  if (body === undefined) return err('wallet.badXml', 'The body is not one <xml> element.');
  const params: Record<string, string> = {};
  let at = 0;
  for (;;) {
    while (at < body.length && /\s/.test(body.charAt(at))) at += 1;
    if (at >= body.length) break;
    CHILD.lastIndex = at;
    const match = CHILD.exec(body);
    if (match === null) {
      return err('wallet.badXml', 'The body holds something other than flat fields.');
    }
    const [whole, name = '', cdata, plain] = match;
    params[name] = cdata ?? plain ?? '';
    at += whole.length;
  }
  return ok(params);
}
