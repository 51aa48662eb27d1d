/**
 * Compact Block Kit checker used by the fake Slack API (and usable directly in unit tests).
 *
 * It enforces the documented size limits of the blocks and elements Slack apps commonly send in
 * messages. Problems are reported the way Slack reports them in `errors` of an `invalid_blocks`
 * answer: `<message> [json-pointer:/blocks/0/text/text]`. Message wording is approximate.
 */

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const SELECTS = new Set(['static', 'external', 'users', 'conversations', 'channels'].flatMap((k) => [`${k}_select`, `multi_${k}_select`]));
const INPUTS = new Set(['plain_text_input', 'email_text_input', 'url_text_input', 'number_input', 'rich_text_input', 'file_input']);
const INTERACTIVE = new Set([...SELECTS, 'button', 'checkboxes', 'datepicker', 'datetimepicker', 'overflow', 'radio_buttons', 'timepicker', 'workflow_button']);
const ACCESSORIES = new Set([...INTERACTIVE, 'image']);
ACCESSORIES.delete('datetimepicker');
/** Block types accepted without a deep check. */
const OPAQUE_BLOCKS = new Set(['rich_text', 'file', 'video', 'table', 'context_actions']);

export interface BlockCheckOptions {
  /** 50 for messages (the default), 100 for modals and App Home. */
  maxBlocks?: number;
  /** JSON pointer of the array, for messages. */
  pointer?: string;
}

/** Returns the problems found (empty when Slack would accept the blocks). */
export function checkBlocks(blocks: unknown, options: BlockCheckOptions = {}): string[] {
  const { maxBlocks = 50, pointer = '/blocks' } = options;
  const errors: string[] = [];
  const err = (message: string, path: string): void => {
    errors.push(`${message} [json-pointer:${path}]`);
  };

  const str = (v: unknown, path: string, max: number, required = false): void => {
    if (v === undefined) {
      if (required) err('missing required field', path);
    } else if (typeof v !== 'string') err('must be a string', path);
    else if (v.length > max) err(`must be less than ${max + 1} characters`, path);
    else if (required && v.length === 0) err('must be more than 0 characters', path);
  };

  const text = (v: unknown, path: string, max: number, opts: { plain?: boolean; required?: boolean } = {}): void => {
    const { plain = false, required = true } = opts;
    if (v === undefined) {
      if (required) err('missing required field', path);
      return;
    }
    if (!isObj(v)) {
      err('must be an object', path);
      return;
    }
    if (v.type !== 'plain_text' && (plain || v.type !== 'mrkdwn')) err('must be a valid enum value', `${path}/type`);
    str(v.text, `${path}/text`, max, true);
  };

  const list = (v: unknown, path: string, max: number, min = 0, required = false): unknown[] => {
    if (v === undefined) {
      if (required) err('missing required field', path);
      return [];
    }
    if (!Array.isArray(v)) {
      err('must be an array', path);
      return [];
    }
    if (v.length > max) err(`no more than ${max} items allowed`, path);
    if (v.length < min) err(`must provide at least ${min} items`, path);
    return v;
  };

  const option = (o: unknown, path: string, opts: { mrkdwn?: boolean; url?: boolean } = {}): void => {
    if (!isObj(o)) {
      err('must be an object', path);
      return;
    }
    text(o.text, `${path}/text`, 75, { plain: !opts.mrkdwn });
    str(o.value, `${path}/value`, 150, true);
    text(o.description, `${path}/description`, 75, { plain: !opts.mrkdwn, required: false });
    if (opts.url) str(o.url, `${path}/url`, 3000);
  };

  const confirm = (c: unknown, path: string): void => {
    if (c === undefined) return;
    if (!isObj(c)) {
      err('must be an object', path);
      return;
    }
    text(c.title, `${path}/title`, 100, { plain: true });
    text(c.text, `${path}/text`, 300);
    text(c.confirm, `${path}/confirm`, 30, { plain: true });
    text(c.deny, `${path}/deny`, 30, { plain: true });
  };

  const image = (e: Obj, path: string): void => {
    if (e.slack_file === undefined) str(e.image_url, `${path}/image_url`, 3000, true);
    str(e.alt_text, `${path}/alt_text`, 2000, true);
  };

  const element = (e: unknown, path: string, allowed: ReadonlySet<string>): void => {
    if (!isObj(e)) {
      err('must be an object', path);
      return;
    }
    const type = e.type;
    if (typeof type !== 'string') {
      err('missing required field', `${path}/type`);
      return;
    }
    if (!allowed.has(type)) {
      err(`unsupported type: ${type}`, `${path}/type`);
      return;
    }
    if (type === 'image') {
      image(e, path);
      return;
    }
    str(e.action_id, `${path}/action_id`, 255);
    confirm(e.confirm, `${path}/confirm`);
    text(e.placeholder, `${path}/placeholder`, 150, { plain: true, required: false });
    switch (type) {
      case 'button':
      case 'workflow_button':
        text(e.text, `${path}/text`, 75, { plain: true });
        str(e.value, `${path}/value`, 2000);
        str(e.url, `${path}/url`, 3000);
        str(e.accessibility_label, `${path}/accessibility_label`, 75);
        if (e.style !== undefined && e.style !== 'primary' && e.style !== 'danger') {
          err('must be a valid enum value', `${path}/style`);
        }
        break;
      case 'overflow':
        list(e.options, `${path}/options`, 5, 1, true).forEach((o, i) => {
          option(o, `${path}/options/${i}`, { url: true });
        });
        break;
      case 'checkboxes':
      case 'radio_buttons':
        list(e.options, `${path}/options`, 10, 1, true).forEach((o, i) => {
          option(o, `${path}/options/${i}`, { mrkdwn: true });
        });
        break;
      case 'static_select':
      case 'multi_static_select':
        if (e.options === undefined && e.option_groups === undefined) {
          err('must provide either options or option_groups', path);
        }
        list(e.options, `${path}/options`, 100).forEach((o, i) => {
          option(o, `${path}/options/${i}`);
        });
        list(e.option_groups, `${path}/option_groups`, 100).forEach((g, i) => {
          const gp = `${path}/option_groups/${i}`;
          if (!isObj(g)) {
            err('must be an object', gp);
            return;
          }
          text(g.label, `${gp}/label`, 75, { plain: true });
          list(g.options, `${gp}/options`, 100, 1, true).forEach((o, j) => {
            option(o, `${gp}/options/${j}`);
          });
        });
        break;
    }
    if (type.startsWith('multi_') && e.max_selected_items !== undefined) {
      const n = e.max_selected_items;
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) err('must be at least 1', `${path}/max_selected_items`);
    }
  };

  const blockIds = new Set<string>();
  const block = (b: unknown, path: string): void => {
    if (!isObj(b)) {
      err('must be an object', path);
      return;
    }
    str(b.block_id, `${path}/block_id`, 255);
    if (typeof b.block_id === 'string') {
      if (blockIds.has(b.block_id)) err('duplicate block_id', `${path}/block_id`);
      blockIds.add(b.block_id);
    }
    switch (b.type) {
      case 'section':
        if (b.text === undefined && b.fields === undefined) err('must provide either text or fields', path);
        text(b.text, `${path}/text`, 3000, { required: false });
        list(b.fields, `${path}/fields`, 10).forEach((f, i) => {
          text(f, `${path}/fields/${i}`, 2000);
        });
        if (b.accessory !== undefined) element(b.accessory, `${path}/accessory`, ACCESSORIES);
        break;
      case 'header':
        text(b.text, `${path}/text`, 150, { plain: true });
        break;
      case 'divider':
        break;
      case 'context':
        list(b.elements, `${path}/elements`, 10, 1, true).forEach((e, i) => {
          const ep = `${path}/elements/${i}`;
          if (isObj(e) && e.type === 'image') image(e, ep);
          else text(e, ep, 3000);
        });
        break;
      case 'actions': {
        const actionIds = new Set<string>();
        list(b.elements, `${path}/elements`, 25, 1, true).forEach((e, i) => {
          element(e, `${path}/elements/${i}`, INTERACTIVE);
          if (isObj(e) && typeof e.action_id === 'string') {
            if (actionIds.has(e.action_id)) err('duplicate action_id', `${path}/elements/${i}/action_id`);
            actionIds.add(e.action_id);
          }
        });
        break;
      }
      case 'image':
        image(b, path);
        text(b.title, `${path}/title`, 2000, { plain: true, required: false });
        break;
      case 'input':
        text(b.label, `${path}/label`, 2000, { plain: true });
        text(b.hint, `${path}/hint`, 2000, { plain: true, required: false });
        if (b.element === undefined) err('missing required field', `${path}/element`);
        else element(b.element, `${path}/element`, new Set([...INTERACTIVE, ...INPUTS]));
        break;
      case 'markdown':
        str(b.text, `${path}/text`, 12000, true);
        break;
      default:
        if (typeof b.type !== 'string') err('missing required field', `${path}/type`);
        else if (!OPAQUE_BLOCKS.has(b.type)) err(`unsupported type: ${b.type}`, `${path}/type`);
    }
  };

  if (!Array.isArray(blocks)) {
    err('must be an array', pointer);
    return errors;
  }
  if (blocks.length > maxBlocks) err(`no more than ${maxBlocks} items allowed`, pointer);
  blocks.forEach((b, i) => {
    block(b, `${pointer}/${i}`);
  });
  return errors;
}
