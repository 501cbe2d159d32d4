import './dom-setup.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyConditions, buildFields, collectConfig, conditionsOf, kindOf, resolveRef } from '../../main/resources/web/js/schema-form.js';

// The shape ConfigSchemas generates for a record with @ShownWhen fields (RedisConfig's, shortened).
const REDIS = {
  type: 'object',
  properties: {
    host: { type: 'string', title: 'Host', default: '127.0.0.1' },
    port: { type: 'integer', title: 'Port', default: 6379, minimum: 1, maximum: 65535 },
    password: { type: 'string', secret: true },
    ssl: { type: 'boolean', default: false },
    ssl_trust_store: { type: 'string' },
    mode: { type: 'string', enum: ['standalone', 'sentinel', 'cluster'], default: 'standalone' },
    nodes: { type: 'array', items: { type: 'string' } },
    master_name: { type: 'string' },
  },
  required: ['port', 'ssl', 'mode'],
  allOf: [
    { if: { properties: { mode: { const: 'standalone' } } }, then: { properties: { host: {} } } },
    { if: { properties: { mode: { enum: ['sentinel', 'cluster'] } } }, then: { properties: { nodes: {} } } },
    { if: { properties: { mode: { const: 'sentinel' } } }, then: { properties: { master_name: {} } } },
    { if: { properties: { ssl: { const: true } } }, then: { properties: { ssl_trust_store: {} } } },
  ],
};

function form(schema) {
  const container = document.createElement('div');
  const fields = buildFields(container, schema);
  for (const field of fields) field.set(undefined, []);
  return { container, fields, byName: new Map(fields.map((f) => [f.name, f])) };
}

function shown(container) {
  return [...container.querySelectorAll(':scope > [data-field]')].filter((n) => !n.hidden).map((n) => n.dataset.field);
}

test('the standalone form shows no sentinel, cluster or TLS sub-fields', () => {
  const { container, fields } = form(REDIS);
  applyConditions(fields, REDIS);
  assert.deepEqual(shown(container), ['host', 'port', 'password', 'ssl', 'mode']);
});

test('choosing sentinel shows nodes and master name and hides host', () => {
  const { container, fields, byName } = form(REDIS);
  byName.get('mode').input.value = 'sentinel';
  applyConditions(fields, REDIS);
  assert.deepEqual(shown(container), ['port', 'password', 'ssl', 'mode', 'nodes', 'master_name']);
});

test('turning TLS on shows the trust store', () => {
  const { container, fields, byName } = form(REDIS);
  byName.get('ssl').input.checked = true;
  applyConditions(fields, REDIS);
  assert.ok(shown(container).includes('ssl_trust_store'));
});

test('a hidden field is not sent, even when it holds a value', () => {
  const { fields, byName } = form(REDIS);
  byName.get('master_name').input.value = 'mymaster';
  byName.get('host').input.value = 'redis.example';
  const config = collectConfig(fields, REDIS, false);
  assert.equal(config.master_name, undefined);
  assert.equal(config.host, 'redis.example');
  assert.equal(config.port, 6379, 'the default fills the form and is sent as a number');
});

test('conditions are read only from if/then branches on one field', () => {
  const conditions = conditionsOf(REDIS);
  assert.deepEqual(conditions.get('nodes'), [{ field: 'mode', values: ['sentinel', 'cluster'] }]);
  assert.equal(conditions.has('port'), false);
  assert.equal(conditionsOf({ allOf: [{ if: { properties: { a: { const: 1 }, b: { const: 2 } } }, then: { properties: { c: {} } } }] }).size, 0);
});

test('a field marks its error and clears it', () => {
  const { byName } = form(REDIS);
  const port = byName.get('port');
  port.showError('must be at most 65535');
  assert.equal(port.input.getAttribute('aria-invalid'), 'true');
  assert.equal(port.errorNode.textContent, 'must be at most 65535');
  port.clearError();
  assert.equal(port.input.hasAttribute('aria-invalid'), false);
});

test('a {{VARIABLE}} value puts the field in variable mode and is sent back as the placeholder', () => {
  const { byName } = form(REDIS);
  const password = byName.get('password');
  password.set('{{REDIS_PASSWORD}}', [{ name: 'REDIS_PASSWORD', isSet: true, fromEnvironment: false }]);
  assert.equal(password.isVariable(), true);
  assert.equal(password.value(false), '{{REDIS_PASSWORD}}');
});

test('kinds and references', () => {
  assert.equal(kindOf({ type: ['integer', 'null'] }), 'integer');
  assert.equal(kindOf({ type: 'string', secret: true }), 'secret');
  assert.equal(kindOf({ enum: ['a'] }), 'enum');
  const root = { $defs: { Mode: { enum: ['x'] } } };
  assert.deepEqual(resolveRef({ $ref: '#/$defs/Mode' }, root), { enum: ['x'] });
});

test('a schema without properties says the type takes none', () => {
  const { container, fields } = form({ type: 'object' });
  assert.equal(fields.length, 0);
  assert.match(container.textContent, /takes no parameters/);
});
