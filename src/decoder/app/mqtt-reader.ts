// Reading MQTT's wire types (OASIS MQTT 3.1.1 §1.5, MQTT 5.0 §1.5 and §2.2.2 properties) from
// one control packet's bytes. Every read checks its length: running out yields a MqttShort,
// which the packet decoder turns into app.malformed with the offset.

export class MqttShort extends Error {
  constructor(
    readonly offset: number,
    what: string,
  ) {
    super(what);
  }
}

const utf8 = new TextDecoder();

export class MqttReader {
  pos: number;
  constructor(
    readonly b: Uint8Array,
    start: number,
    readonly end: number,
  ) {
    this.pos = start;
  }

  get left(): number {
    return this.end - this.pos;
  }

  need(n: number, what: string): void {
    if (this.pos + n > this.end) throw new MqttShort(this.pos, `${what} runs past the end of the packet`);
  }

  byte(what: string): number {
    this.need(1, what);
    return this.b[this.pos++] as number;
  }

  u16(what: string): number {
    this.need(2, what);
    const v = ((this.b[this.pos] as number) << 8) | (this.b[this.pos + 1] as number);
    this.pos += 2;
    return v;
  }

  u32(what: string): number {
    this.need(4, what);
    const v = new DataView(this.b.buffer, this.b.byteOffset + this.pos, 4).getUint32(0);
    this.pos += 4;
    return v;
  }

  /** Variable Byte Integer (MQTT 5.0 §1.5.5): at most four bytes. */
  varint(what: string): number {
    let value = 0;
    let mult = 1;
    for (let i = 0; i < 4; i++) {
      const b = this.byte(what);
      value += (b & 0x7f) * mult;
      if ((b & 0x80) === 0) return value;
      mult *= 128;
    }
    throw new MqttShort(this.pos, `${what}: variable byte integer longer than 4 bytes`);
  }

  bin(what: string): Uint8Array {
    const n = this.u16(what);
    this.need(n, what);
    const v = this.b.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }

  str(what: string): string {
    return utf8.decode(this.bin(what));
  }

  rest(): Uint8Array {
    const v = this.b.subarray(this.pos, this.end);
    this.pos = this.end;
    return v;
  }

  /** MQTT 5.0 properties (§2.2.2.2): a length, then identifier/value pairs. */
  properties(): Record<string, unknown> | undefined {
    const length = this.varint('property length');
    this.need(length, 'properties');
    const end = this.pos + length;
    const out: Record<string, unknown> = {};
    while (this.pos < end) {
      const id = this.varint('property identifier');
      const spec = PROPERTIES[id];
      if (!spec) throw new MqttShort(this.pos - 1, `unknown MQTT 5 property identifier ${id}`);
      const [name, type] = spec;
      let value: unknown;
      if (type === 'byte') value = this.byte(name);
      else if (type === 'u16') value = this.u16(name);
      else if (type === 'u32') value = this.u32(name);
      else if (type === 'varint') value = this.varint(name);
      else if (type === 'str') value = this.str(name);
      else if (type === 'bin') value = this.bin(name);
      else value = [this.str(name), this.str(name)];
      if (name === 'userProperty') {
        const list = (out.userProperty as unknown[] | undefined) ?? [];
        list.push(value);
        out.userProperty = list;
      } else out[name] = value;
    }
    if (this.pos !== end) throw new MqttShort(this.pos, 'properties overrun their length');
    return length === 0 ? undefined : out;
  }
}

type PropType = 'byte' | 'u16' | 'u32' | 'varint' | 'str' | 'bin' | 'pair';

/** MQTT 5.0 §2.2.2.2 Table 2-4. */
const PROPERTIES: Record<number, [string, PropType]> = {
  1: ['payloadFormatIndicator', 'byte'],
  2: ['messageExpiryInterval', 'u32'],
  3: ['contentType', 'str'],
  8: ['responseTopic', 'str'],
  9: ['correlationData', 'bin'],
  11: ['subscriptionIdentifier', 'varint'],
  17: ['sessionExpiryInterval', 'u32'],
  18: ['assignedClientIdentifier', 'str'],
  19: ['serverKeepAlive', 'u16'],
  21: ['authenticationMethod', 'str'],
  22: ['authenticationData', 'bin'],
  23: ['requestProblemInformation', 'byte'],
  24: ['willDelayInterval', 'u32'],
  25: ['requestResponseInformation', 'byte'],
  26: ['responseInformation', 'str'],
  28: ['serverReference', 'str'],
  31: ['reasonString', 'str'],
  33: ['receiveMaximum', 'u16'],
  34: ['topicAliasMaximum', 'u16'],
  35: ['topicAlias', 'u16'],
  36: ['maximumQoS', 'byte'],
  37: ['retainAvailable', 'byte'],
  38: ['userProperty', 'pair'],
  39: ['maximumPacketSize', 'u32'],
  40: ['wildcardSubscriptionAvailable', 'byte'],
  41: ['subscriptionIdentifierAvailable', 'byte'],
  42: ['sharedSubscriptionAvailable', 'byte'],
};
