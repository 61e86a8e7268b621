/**
 * Invalid compose inputs and the `file:line:col: path` each must be reported at.
 * Every case is a complete project (files by name); `-f` takes `files` in order
 * unless `args` says otherwise.
 */
export interface InvalidCase {
  readonly name: string;
  readonly files: Readonly<Record<string, string>>;
  /** the -f files, in order; default: every file in `files` */
  readonly composeFiles?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** the start of the first line on stderr */
  readonly expected: string;
}

const one = (name: string, yaml: string, expected: string, env?: Record<string, string>): InvalidCase => ({
  name,
  files: { 'compose.yaml': yaml },
  expected,
  ...(env ? { env } : {}),
});

export const INVALID_CASES: readonly InvalidCase[] = [
  // YAML
  one('bad yaml: unclosed flow sequence', 'services:\n  web:\n    image: [\n', 'compose.yaml:4:1: invalid yaml'),
  one('bad yaml: duplicate key', 'services:\n  web:\n    image: a\n    image: b\n', 'compose.yaml:4:5:'),
  one('bad yaml: tab indentation', 'services:\n\tweb:\n', 'compose.yaml:2:1:'),
  one('top level is a sequence', '- services\n', 'compose.yaml:1:1:'),
  one('empty file', '# nothing here yet\n', 'compose.yaml:1:1: empty compose file'),
  // schema: types
  one('services is a sequence', 'services:\n  - web\n', 'compose.yaml:2:3: services: expected a mapping'),
  one('ports is a string', 'services:\n  web:\n    image: x\n    ports: "80"\n', 'compose.yaml:4:12: services.web.ports: expected a sequence'),
  one('image is a sequence', 'services:\n  web:\n    image: [a]\n', 'compose.yaml:3:12: services.web.image: expected a string'),
  one('command is a mapping', 'services:\n  web:\n    image: x\n    command: {a: b}\n', 'compose.yaml:4:14: services.web.command: expected a string or a sequence'),
  one('environment is a number', 'services:\n  web:\n    image: x\n    environment: 3\n', 'compose.yaml:4:18: services.web.environment: expected a mapping or a sequence'),
  one('volume entry is a number', 'services:\n  web:\n    image: x\n    volumes:\n      - 3\n', 'compose.yaml:5:9: services.web.volumes[0]: expected a string or a mapping'),
  // schema: unknown keys with a did-you-mean
  one('unknown top-level key', 'services:\n  web:\n    image: x\nnetwork:\n  back: {}\n', 'compose.yaml:4:1: unknown key "network" (did you mean "networks"?)'),
  one('unknown service key', 'services:\n  web:\n    imag: x\n', 'compose.yaml:3:5: services.web: unknown key "imag" (did you mean "image"?)'),
  one('unknown build key', 'services:\n  web:\n    build:\n      context: .\n      dockerfil: x\n', 'compose.yaml:5:7: services.web.build: unknown key "dockerfil" (did you mean "dockerfile"?)'),
  one('unknown long volume key', 'services:\n  web:\n    image: x\n    volumes:\n      - type: bind\n        source: .\n        target: /a\n        readonly: true\n', 'compose.yaml:8:9: services.web.volumes[0]: unknown key "readonly" (did you mean "read_only"?)'),
  one('unknown healthcheck key', 'services:\n  web:\n    image: x\n    healthcheck:\n      interval: 1s\n      retry: 3\n', 'compose.yaml:6:7: services.web.healthcheck: unknown key "retry" (did you mean "retries"?)'),
  // schema: values
  one('bad restart policy', 'services:\n  web:\n    image: x\n    restart: sometimes\n', 'compose.yaml:4:14: services.web.restart: invalid value "sometimes"'),
  one('bad depends_on condition', 'services:\n  web:\n    image: x\n    depends_on:\n      db: {condition: healthy}\n  db:\n    image: x\n', 'compose.yaml:5:23: services.web.depends_on.db.condition: invalid value "healthy"'),
  one('bad healthcheck duration', 'services:\n  web:\n    image: x\n    healthcheck:\n      interval: 10x\n', 'compose.yaml:5:17: services.web.healthcheck.interval: invalid value "10x": expected a duration'),
  one('bad memory size', 'services:\n  web:\n    image: x\n    mem_limit: lots\n', 'compose.yaml:4:16: services.web.mem_limit: invalid value "lots": expected a size'),
  one('bad boolean', 'services:\n  web:\n    image: x\n    privileged: maybe\n', 'compose.yaml:4:17: services.web.privileged: invalid value "maybe": expected a boolean'),
  one('bad service name', 'services:\n  "web app":\n    image: x\n', 'compose.yaml:2:3: services: invalid name "web app"'),
  one('bad project name', 'name: My App\nservices:\n  web:\n    image: x\n', 'compose.yaml:1:7: name: invalid value "My App"'),
  one('long port without target', 'services:\n  web:\n    image: x\n    ports:\n      - published: 80\n', 'compose.yaml:5:9: services.web.ports[0]: missing required key "target"'),
  // interpolation
  one('unclosed interpolation', 'services:\n  web:\n    image: ${TAG\n', 'compose.yaml:3:12: services.web.image: invalid interpolation format'),
  one('missing :? variable', 'services:\n  web:\n    image: ${IMAGE:?set IMAGE}\n', 'compose.yaml:3:12: services.web.image: required variable IMAGE is missing a value: set IMAGE'),
  {
    name: 'missing ? variable in an override file names that file',
    files: { 'compose.yaml': 'services:\n  web:\n    image: x\n', 'override.yaml': 'services:\n  web:\n    environment:\n      A: ${NEEDED?}\n' },
    expected: 'override.yaml:4:10: services.web.environment.A: required variable NEEDED is missing a value',
  },
  // dependencies
  one('two-service cycle', 'services:\n  web: {image: x, depends_on: [db]}\n  db: {image: x, depends_on: [web]}\n', 'compose.yaml:3:31: services.db: dependency cycle: db -> web -> db'),
  one('self dependency', 'services:\n  web:\n    image: x\n    depends_on: [web]\n', 'compose.yaml:4:18: services.web: dependency cycle: web -> web'),
  one('cycle through links and volumes_from', 'services:\n  a: {image: x, links: [b]}\n  b: {image: x, volumes_from: [c]}\n  c: {image: x, depends_on: [a]}\n', 'compose.yaml:2:25: services.a: dependency cycle: a -> b -> c -> a'),
  one('unknown depends_on service', 'services:\n  web:\n    image: x\n    depends_on: [dbb]\n  db:\n    image: x\n', 'compose.yaml:4:18: services.web.depends_on: unknown service "dbb" (did you mean "db"?)'),
  one('unknown link target', 'services:\n  web:\n    image: x\n    links: ["cache:redis"]\n', 'compose.yaml:4:13: services.web.links: unknown service "cache"'),
  one('network_mode of an unknown service', 'services:\n  web:\n    image: x\n    network_mode: "service:vpn"\n', 'compose.yaml:4:19: services.web.network_mode: unknown service "vpn"'),
  one('volumes_from an unknown service', 'services:\n  web:\n    image: x\n    volumes_from: [data]\n', 'compose.yaml:4:20: services.web.volumes_from: unknown service "data"'),
  one('extends an unknown service', 'services:\n  web:\n    image: x\n    extends: base\n', 'compose.yaml:4:14: services.web.extends: service "base" to extend is not defined'),
  // ports and volumes
  one('port with a non-numeric container port', 'services:\n  web:\n    image: x\n    ports:\n      - "80:xx"\n', 'compose.yaml:5:9: services.web.ports[0]: invalid port "80:xx": expected [[ip:]host:]container[/protocol]'),
  one('port with an unknown protocol', 'services:\n  web:\n    image: x\n    ports: ["53/icmp"]\n', 'compose.yaml:4:13: services.web.ports[0]: invalid port "53/icmp"'),
  one('port out of range', 'services:\n  web:\n    image: x\n    ports: ["8080:70000"]\n', 'compose.yaml:4:13: services.web.ports[0]: invalid port "8080:70000"'),
  one('ranges of different lengths', 'services:\n  web:\n    image: x\n    ports: ["8000-8002:80-81"]\n', 'compose.yaml:4:13: services.web.ports[0]: invalid port "8000-8002:80-81"'),
  one('the same host port twice', 'services:\n  a:\n    image: x\n    ports: ["8080:80"]\n  b:\n    image: x\n    ports: ["8080:81"]\n', 'compose.yaml:7:13: services.b.ports[0]: host port 8080/tcp is already published by service "a"'),
  one('volume with a relative container path', 'services:\n  web:\n    image: x\n    volumes: ["data:var/lib"]\n', 'compose.yaml:4:15: services.web.volumes[0]: invalid volume "data:var/lib": the container path "var/lib" must be absolute'),
  one('volume with an unknown option', 'services:\n  web:\n    image: x\n    volumes: ["./a:/a:rox"]\n', 'compose.yaml:4:15: services.web.volumes[0]: invalid volume "./a:/a:rox": unknown option "rox"'),
  // declarations
  one('undeclared network', 'services:\n  web:\n    image: x\n    networks: [front]\nnetworks:\n  fronts: {}\n', 'compose.yaml:4:15: services.web.networks.front: network "front" is not declared in the top-level networks (did you mean "fronts"?)'),
  one('undeclared named volume', 'services:\n  web:\n    image: x\n    volumes: ["data:/data"]\n', 'compose.yaml:4:15: services.web.volumes[0]: volume "data" is not declared in the top-level volumes'),
  one('undeclared secret', 'services:\n  web:\n    image: x\n    secrets: [token]\n', 'compose.yaml:4:15: services.web.secrets[0]: secret "token" is not declared in the top-level secrets'),
  one('undeclared config', 'services:\n  web:\n    image: x\n    configs: [nginx]\n', 'compose.yaml:4:15: services.web.configs[0]: config "nginx" is not declared in the top-level configs'),
  one('network_mode together with networks', 'services:\n  web:\n    image: x\n    network_mode: host\n    networks: [default]\n', 'compose.yaml:5:15: services.web.networks: network_mode and networks cannot be used together'),
  // services
  one('uppercase image reference', 'services:\n  web:\n    image: Nginx:latest\n', 'compose.yaml:3:12: services.web.image: invalid image reference "Nginx:latest"'),
  one('image with an empty tag', 'services:\n  web:\n    image: "nginx:"\n', 'compose.yaml:3:12: services.web.image: invalid image reference "nginx:"'),
  one('neither image nor build', 'services:\n  web:\n    command: ["true"]\n', 'compose.yaml:3:5: services.web: a service needs an image or a build context'),
  one('missing env_file', 'services:\n  web:\n    image: x\n    env_file: missing.env\n', 'compose.yaml:4:15: services.web.env_file: env file '),
  one('unterminated quote in a command', "services:\n  web:\n    image: x\n    command: echo 'hi\n", `compose.yaml:4:14: services.web.command: invalid command "echo 'hi": unterminated single quote`),
  {
    name: 'a mistake in the override file names the override file',
    files: { 'compose.yaml': 'services:\n  web:\n    image: x\n', 'compose.override.yaml': 'services:\n  web:\n    ports: ["http"]\n' },
    expected: 'compose.override.yaml:3:13: services.web.ports[0]: invalid port "http"',
  },
  one('legacy v1 file with an unknown link', 'web:\n  image: x\n  links: [db]\n', 'compose.yaml:3:11: services.web.links: unknown service "db"'),
];
