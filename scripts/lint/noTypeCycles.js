// An ESLint rule for the import cycles that import-x/no-cycle leaves out on purpose: cycles closed by `import type`.
// They cost nothing at run time, but they are what tangles a domain layer (a protocol module and the domain types
// it carries importing each other), so the layers are kept flat by refusing them too. import-x/no-cycle keeps the
// runtime cycles; this rule reports a cycle only when at least one of its edges is type-only, so that nothing is
// reported twice. The graph is read with TypeScript's parser (top-level import and export-from declarations of
// relative paths) once per lint process, and each file is read once.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const EXTENSIONS = ['', '.ts', '.tsx', '.mts', '/index.ts', '/index.tsx'];
/** file → its relative imports: { target, typeOnly }[] (a target imported twice keeps the stronger, value edge). */
const edgesOf = new Map();

function resolveRelative(from, specifier) {
  const base = path.resolve(path.dirname(from), specifier);
  for (const ext of EXTENSIONS) {
    const candidate = base + ext;
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return null;
}

function isTypeOnly(statement) {
  if (ts.isImportDeclaration(statement)) {
    const clause = statement.importClause;
    if (!clause) return false;
    if (clause.isTypeOnly) return true;
    const named = clause.namedBindings;
    return (
      !clause.name &&
      named !== undefined &&
      ts.isNamedImports(named) &&
      named.elements.length > 0 &&
      named.elements.every((element) => element.isTypeOnly)
    );
  }
  return statement.isTypeOnly;
}

function edges(file) {
  const known = edgesOf.get(file);
  if (known) return known;
  const found = new Map();
  let text = '';
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    // A file that cannot be read imports nothing as far as this rule knows.
  }
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) && !ts.isExportDeclaration(statement)) continue;
    const specifier = statement.moduleSpecifier;
    if (!specifier || !ts.isStringLiteral(specifier) || !specifier.text.startsWith('.')) continue;
    const target = resolveRelative(file, specifier.text);
    if (!target) continue;
    const typeOnly = isTypeOnly(statement);
    found.set(target, (found.get(target) ?? true) && typeOnly);
  }
  const list = [...found].map(([target, typeOnly]) => ({ target, typeOnly }));
  edgesOf.set(file, list);
  return list;
}

/** A shortest path from `start` back to `goal`, as the files passed and whether any edge on it was type-only. */
function pathBack(start, goal) {
  const previous = new Map([[start, null]]);
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.shift();
    for (const { target, typeOnly } of edges(file)) {
      if (target === goal) {
        const route = [file];
        let typeEdge = typeOnly;
        for (let at = previous.get(file); at; at = previous.get(at.file)) {
          route.unshift(at.file);
          typeEdge ||= at.typeOnly;
        }
        return { route, typeEdge };
      }
      if (previous.has(target)) continue;
      previous.set(target, { file, typeOnly });
      queue.push(target);
    }
  }
  return null;
}

export const noTypeCycles = {
  meta: {
    type: 'problem',
    docs: { description: 'Forbid import cycles, including those closed by type-only imports.' },
    schema: [],
    messages: { cycle: 'Import cycle through type imports: {{route}}' },
  },
  create(context) {
    const file = context.physicalFilename;
    if (!path.isAbsolute(file)) return {};
    const check = (node) => {
      const specifier = node.source?.value;
      if (typeof specifier !== 'string' || !specifier.startsWith('.')) return;
      const target = resolveRelative(file, specifier);
      if (!target) return;
      const typeEdge = node.importKind === 'type' || node.exportKind === 'type' || allTypeSpecifiers(node);
      const back = pathBack(target, file);
      // Cycles made of value imports only are import-x/no-cycle's to report.
      if (!back || !(typeEdge || back.typeEdge)) return;
      const cwd = context.cwd;
      const route = [...back.route, file].map((f) => path.relative(cwd, f)).join(' → ');
      context.report({ node, messageId: 'cycle', data: { route } });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check };
  },
};

function allTypeSpecifiers(node) {
  const specifiers = node.specifiers ?? [];
  return specifiers.length > 0 && specifiers.every((s) => s.importKind === 'type' || s.exportKind === 'type');
}

export default { rules: { 'no-type-cycles': noTypeCycles } };
