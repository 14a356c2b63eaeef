/**
 * The Kafka client's types and constants that code outside libs/messaging may name. kafkajs is imported nowhere else
 * in product code (an eslint rule says so), so replacing the client is a change to this library (ADR 0011).
 */
export type { Admin, Consumer, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
export { ConfigResourceTypes, ConfigSource } from 'kafkajs';
