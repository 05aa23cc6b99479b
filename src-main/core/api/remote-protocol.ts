/**
 * The protocol two Limadesks speak over SSH (`limadesk serve --stdio`): its framing and its
 * hello, shared by the serving door and the hosts that connect to it.
 */
export { encodeLine, LineDecoder, type LineEvent } from './hosts/json-lines';
export { helloOf, makeHello, versionMismatch, type HelloMessage } from './hosts/hello';
