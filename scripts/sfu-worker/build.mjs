// Builds mediasoup's worker from the C++ sources shipped in node_modules/mediasoup/worker without
// meson and without its subprojects (which would be downloaded): the file lists, defines and
// include dirs are read from worker/meson.build, the libraries come from Debian bookworm
// (-dev packages), OpenSSL is a static 3.5.x built from Debian trixie's source (openssl.mjs),
// and libsrtp 3 calls are bridged to bookworm's libsrtp 2 by srtp3-compat.h (force-included).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureOpenSSL } from './openssl.mjs';
import { checkBuildRequirements } from './requirements.mjs';
import { capture, formatSeconds, progressReporter, runLogged, say } from './util.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const COMPAT_HEADER = path.join(HERE, 'srtp3-compat.h');
const SHIM_INCLUDE_DIR = path.join(HERE, 'include');

// Libraries linked dynamically from bookworm (pkg-config module names).
const PKG_CONFIG_MODULES = [
  'libuv',
  'libsrtp2',
  'usrsctp',
  'absl_flat_hash_map',
  'absl_flat_hash_set',
  'absl_strings',
  'absl_optional',
  'absl_memory',
];

/** The quoted strings of the list `name = [ ... ]` in a meson.build file. */
export function mesonList(text, name) {
  const start = new RegExp(`^${name}\\s*=\\s*\\[`, 'm').exec(text);
  if (!start) throw new Error(`meson.build: list ${name} not found`);
  const end = text.indexOf(']', start.index + start[0].length);
  const body = text.slice(start.index + start[0].length, end);
  return [...body.matchAll(/'([^']*)'/g)].map((m) => m[1]);
}

/** What the worker build needs from worker/meson.build, fbs/meson.build and deps/libwebrtc/meson.build. */
export function readMesonProject(workerDir) {
  const main = fs.readFileSync(path.join(workerDir, 'meson.build'), 'utf8');
  const fbs = fs.readFileSync(path.join(workerDir, 'fbs', 'meson.build'), 'utf8');
  const webrtc = fs.readFileSync(path.join(workerDir, 'deps', 'libwebrtc', 'meson.build'), 'utf8');
  // The first `common_sources = [...]` block; DepLibUring.cpp is appended later only when
  // liburing is enabled, which we do not (it is optional: kernel >= 6 fast path).
  const workerSources = [...mesonList(main, 'common_sources'), 'src/main.cpp'];
  const webrtcSources = mesonList(webrtc, 'libwebrtc_sources').map((f) => path.join('deps', 'libwebrtc', f));
  const schemas = mesonList(fbs, 'flatbuffers_schemas');
  const outDirMatch = /^flatbuffers_cpp_out_dir\s*=\s*'([^']+)'/m.exec(fbs);
  const outDir = outDirMatch ? outDirMatch[1] : 'FBS';
  // flatc arguments: the quoted items of the custom_target's `command : [...]`, minus in/out.
  const commandMatch = /command\s*:\s*\[([\s\S]*?)\]/.exec(fbs);
  let flatcArgs = commandMatch
    ? [...commandMatch[1].matchAll(/'([^']*)'/g)]
        .map((m) => m[1])
        .filter((a) => !['-o', '@OUTPUT@', '@INPUT@'].includes(a))
    : [];
  if (!flatcArgs.includes('--cpp')) {
    flatcArgs = [
      '--cpp',
      '--cpp-field-case-style',
      'lower',
      '--reflect-names',
      '--scoped-enums',
      '--filename-suffix',
      '',
    ];
  }
  // Options whose default is true in meson_options.txt and that map to a -D define in meson.build.
  const defines = [];
  let options = '';
  try {
    options = fs.readFileSync(path.join(workerDir, 'meson_options.txt'), 'utf8');
  } catch {
    // none
  }
  for (const m of main.matchAll(/get_option\('(ms_[a-z_]+)'\)\s*\n\s*cpp_args \+= \[\s*'(-D[A-Z_]+)'/g)) {
    if (new RegExp(`option\\('${m[1]}',[^)]*value\\s*:\\s*true`).test(options)) defines.push(m[2]);
  }
  return { workerSources, webrtcSources, schemas, outDir, flatcArgs, defines };
}

function shellQuote(arg) {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

// Ninja paths: escape $, space and colon.
function ninjaPath(p) {
  return p.replace(/\$/g, '$$$$').replace(/ /g, '$ ').replace(/:/g, '$:');
}

// Ninja variable values (command fragments): only $ needs escaping.
function ninjaValue(v) {
  return v.replace(/\$/g, '$$$$');
}

function checkFlatbuffersMatch() {
  const flatc = capture('flatc', ['--version']);
  const headerText = fs.readFileSync('/usr/include/flatbuffers/base.h', 'utf8');
  const get = (key) => (new RegExp(`#define FLATBUFFERS_VERSION_${key} (\\d+)`).exec(headerText) || [])[1];
  const headers = `${get('MAJOR')}.${get('MINOR')}.${get('REVISION')}`;
  if (!flatc.includes(headers)) {
    throw new Error(`flatc (${flatc}) and flatbuffers headers (${headers}) differ; generated code asserts they match`);
  }
  return headers;
}

/** Writes <buildDir>/build.ninja; returns the path of the binary it builds. */
export function writeNinjaFile({ workerDir, buildDir, opensslPrefix }) {
  const project = readMesonProject(workerDir);
  const pkgCflags = capture('pkg-config', ['--cflags', ...PKG_CONFIG_MODULES]);
  const pkgLibs = capture('pkg-config', ['--libs', ...PKG_CONFIG_MODULES]);
  const endian = os.endianness() === 'LE' ? '-DMS_LITTLE_ENDIAN' : '-DMS_BIG_ENDIAN';
  const fbsOut = path.join(buildDir, 'fbs');
  const includes = [
    path.join(workerDir, 'include'),
    fbsOut,
    path.join(workerDir, 'fbs'),
    path.join(workerDir, 'deps', 'libwebrtc'),
    path.join(workerDir, 'deps', 'libwebrtc', 'libwebrtc'),
    path.join(opensslPrefix, 'include'),
    SHIM_INCLUDE_DIR,
  ];
  const cxxflags = [
    '-std=c++17',
    '-O3',
    '-DNDEBUG',
    '-Wall',
    '-pipe',
    '-pthread',
    '-D_FILE_OFFSET_BITS=64',
    endian,
    // glibc has strtoull_l (meson checks cpp.has_function('strtoull_l')).
    '-DFLATBUFFERS_LOCALE_INDEPENDENT=1',
    ...project.defines,
    ...includes.map((dir) => `-I${dir}`),
    '-include',
    COMPAT_HEADER,
  ]
    .map(shellQuote)
    .join(' ');
  const libssl = path.join(opensslPrefix, 'lib', 'libssl.a');
  const libcrypto = path.join(opensslPrefix, 'lib', 'libcrypto.a');
  const ldflags = ['-pthread', '-Wl,--as-needed', libssl, libcrypto].map(shellQuote).join(' ') + ` ${pkgLibs} -ldl`;

  const headers = project.schemas.map((s) => path.join(fbsOut, project.outDir, s.replace(/\.fbs$/, '.h')));
  const lines = [
    '# Generated by scripts/sfu-worker.mjs from node_modules/mediasoup/worker/meson.build. Do not edit.',
    'ninja_required_version = 1.5',
    `cxx = g++`,
    `cxxflags = ${ninjaValue(cxxflags)} ${ninjaValue(pkgCflags)}`,
    `ldflags = ${ninjaValue(ldflags)}`,
    '',
    'rule flatc',
    `  command = flatc ${project.flatcArgs.map(shellQuote).join(' ')} -o $outdir $in`,
    '  description = FLATC $outdir',
    '',
    'rule cxx',
    '  command = $cxx -MD -MF $out.d $cxxflags $extra -c $in -o $out',
    '  depfile = $out.d',
    '  deps = gcc',
    '  description = CXX $short',
    '',
    'rule link',
    '  command = $cxx -o $out @$out.rsp $ldflags',
    '  rspfile = $out.rsp',
    '  rspfile_content = $in',
    '  description = LINK $out',
    '',
    `build ${headers.map(ninjaPath).join(' ')}: flatc ${project.schemas
      .map((s) => ninjaPath(path.join(workerDir, 'fbs', s)))
      .join(' ')}`,
    `  outdir = ${ninjaValue(shellQuote(path.join(fbsOut, project.outDir)))}`,
    `build fbs-headers: phony ${headers.map(ninjaPath).join(' ')}`,
    '',
  ];
  const objects = [];
  const addSources = (files, extra) => {
    for (const rel of files) {
      const obj = path.join('obj', `${rel}.o`);
      objects.push(obj);
      lines.push(`build ${ninjaPath(obj)}: cxx ${ninjaPath(path.join(workerDir, rel))} || fbs-headers`);
      lines.push(`  short = ${ninjaValue(rel)}`);
      if (extra) lines.push(`  extra = ${extra}`);
    }
  };
  // meson compiles the executable's own sources with -DMS_EXECUTABLE, libwebrtc without it.
  addSources(project.workerSources, '-DMS_EXECUTABLE');
  addSources(project.webrtcSources, '');
  lines.push('');
  lines.push(
    `build mediasoup-worker: link ${objects.map(ninjaPath).join(' ')} | ${ninjaPath(libssl)} ${ninjaPath(libcrypto)}`,
  );
  lines.push('default mediasoup-worker', '');
  fs.mkdirSync(buildDir, { recursive: true });
  fs.writeFileSync(path.join(buildDir, 'build.ninja'), lines.join('\n'));
  return { binary: path.join(buildDir, 'mediasoup-worker'), sourceCount: objects.length };
}

/**
 * Builds the worker into <buildDir>/mediasoup-worker. Returns details for build-info.json.
 * `clean` removes previous objects first (used by `rebuild`).
 */
export async function buildWorkerFromSource({ workerDir, buildDir, cacheRoot, quiet = false, clean = false }) {
  checkBuildRequirements();
  const flatbuffers = checkFlatbuffersMatch();
  const started = Date.now();
  const openssl = await ensureOpenSSL(cacheRoot, { quiet });
  const opensslSeconds = (Date.now() - started) / 1000;
  if (clean) fs.rmSync(buildDir, { recursive: true, force: true });
  const { binary, sourceCount } = writeNinjaFile({ workerDir, buildDir, opensslPrefix: openssl.prefix });
  const jobs = os.availableParallelism ? os.availableParallelism() : os.cpus().length;
  const logFile = path.join(buildDir, 'build.log');
  fs.rmSync(logFile, { force: true });
  say(`building mediasoup-worker from source (${sourceCount} C++ files, ninja -j${jobs}; log: ${logFile})`);
  const report = progressReporter('worker', quiet);
  const compileStarted = Date.now();
  await runLogged('ninja', ['-C', buildDir, `-j${jobs}`], {
    logFile,
    env: { ...process.env, NINJA_STATUS: '[%f/%t] ' },
    onLine: (line) => {
      const m = /^\[(\d+)\/(\d+)\] (.*)$/.exec(line);
      if (m) report(Number(m[1]), Number(m[2]), m[3]);
    },
  });
  const compileSeconds = (Date.now() - compileStarted) / 1000;
  say(`mediasoup-worker compiled and linked in ${formatSeconds(compileSeconds)}`);
  const libVersions = {};
  for (const module of ['libuv', 'libsrtp2', 'usrsctp', 'absl_flat_hash_map']) {
    libVersions[module] = capture('pkg-config', ['--modversion', module]);
  }
  return {
    binary,
    openssl,
    opensslSeconds,
    compileSeconds,
    details: {
      compiler: capture('g++', ['-dumpfullversion']),
      flatbuffers,
      libraries: libVersions,
      compatHeader: 'scripts/sfu-worker/srtp3-compat.h',
    },
  };
}
