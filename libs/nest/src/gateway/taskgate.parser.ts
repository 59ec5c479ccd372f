import * as parser from 'socket.io-parser';

/** Event names socket.io keeps for itself; a client packet naming one is invalid. */
const RESERVED = new Set(['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener']);
/** An EVENT packet: type 2, optional namespace, optional ack id, then the JSON array. */
const EVENT_PACKET = /^2(?:\/[^,]*,)?\d*(\[[\s\S]*)$/;

/** Binary attachments one packet may announce. */
export const MAX_ATTACHMENTS = 10;

function namesReservedEvent(packet: string): boolean {
  const json = EVENT_PACKET.exec(packet)?.[1];
  if (json === undefined) return false;
  try {
    const payload: unknown = JSON.parse(json);
    return Array.isArray(payload) && typeof payload[0] === 'string' && RESERVED.has(payload[0]);
  } catch {
    return false;
  }
}

/**
 * socket.io-parser's decoder, with two changes: an event packet named like a reserved event
 * (`disconnect`, `connect`...) is dropped instead of closing the connection, and binary
 * attachments are capped explicitly. Any other malformed packet still closes its connection.
 */
class TaskgateDecoder extends parser.Decoder {
  constructor() {
    super({ maxAttachments: MAX_ATTACHMENTS });
  }

  override add(chunk: unknown): void {
    try {
      super.add(chunk);
    } catch (error) {
      // Only a packet the parser refused is looked at again (it throws before keeping any state):
      // valid packets are parsed once.
      if (typeof chunk === 'string' && chunk.startsWith('2') && namesReservedEvent(chunk)) return;
      throw error;
    }
  }
}

/** The parser module given to socket.io (`parser` option of the gateway's server). */
export const taskgateParser = {
  protocol: parser.protocol,
  PacketType: parser.PacketType,
  Encoder: parser.Encoder,
  Decoder: TaskgateDecoder,
};
