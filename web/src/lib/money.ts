/**
 * Kept so older imports resolve; new code imports these from `./format`, where
 * every formatter lives.
 */
export { formatMoney, parseMoney } from "./format";
