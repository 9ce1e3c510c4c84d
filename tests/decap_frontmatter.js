// Decap CMS's front matter reader and writer, with the very libraries and calls Decap
// uses (decap-cms-core src/formats/frontmatter.ts, yaml.ts, helpers.ts; yaml@1 and
// gray-matter from node_modules): read each file as Decap opens it, write it as Decap
// saves it. stdin: [{raw, order}], stdout: [raw]. Run from the project root.
'use strict';
const path = require('path');
const modules = path.resolve('node_modules');
const yaml = require(path.join(modules, 'yaml'));
const matter = require(path.join(modules, 'gray-matter'));

const timestampTag = {
  identify: value => value instanceof Date,
  default: true,
  tag: '!timestamp',
  test: RegExp('^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2}(\\.[0-9]+)?)Z$'),
  resolve: str => new Date(str),
  stringify: value => value.toISOString(),
};

function sortKeys(sortedKeys, selector) {
  return (a, b) => {
    const idxA = sortedKeys.indexOf(selector(a));
    const idxB = sortedKeys.indexOf(selector(b));
    if (idxA === -1 || idxB === -1) return 0;
    if (idxA > idxB) return 1;
    if (idxA < idxB) return -1;
    return 0;
  };
}

const yamlFormatter = {
  fromFile(content) {
    if (content && content.trim().endsWith('---')) content = content.trim().slice(0, -3);
    const doc = yaml.parseDocument(content, { customTags: [timestampTag], prettyErrors: true });
    if (doc.errors.length > 0) throw new Error(doc.errors.map(e => e.message).join('\n'));
    return doc.toJSON();
  },
  toFile(data, sortedKeys = []) {
    const contents = yaml.createNode(data);
    contents.items.sort(sortKeys(sortedKeys, item => item.key && item.key.toString()));
    const doc = new yaml.Document();
    doc.contents = contents;
    return doc.toString();
  },
};
const engines = {
  yaml: {
    parse: input => yamlFormatter.fromFile(input),
    stringify: (metadata, opts) => yamlFormatter.toFile(metadata, (opts || {}).sortedKeys),
  },
};
const format = { language: 'yaml', delimiters: '---' };

function fromFile(content) {
  const result = matter(content, { engines, ...format });
  return { ...result.data, ...(result.content.trim() && { body: result.content }) };
}

function toFile(data, sortedKeys) {
  const { body = '', ...meta } = data;
  const trimLastLineBreak = body.slice(-1) !== '\n';
  const file = matter.stringify(body, meta, { engines, sortedKeys, ...format });
  let out = trimLastLineBreak && file.slice(-1) === '\n' ? file.slice(0, -1) : file;
  if (out.slice(-1) !== '\n') out += '\n'; // backend.entryToRaw
  return out;
}

let input = '';
process.stdin.on('data', chunk => (input += chunk));
process.stdin.on('end', () => {
  const files = JSON.parse(input);
  // gray-matter caches by content: a fresh parse per file, as a fresh page load would.
  process.stdout.write(JSON.stringify(files.map(f => { matter.clearCache && matter.clearCache(); return toFile(fromFile(f.raw), f.order); })));
});
