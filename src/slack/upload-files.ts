import type { WebClient } from '@slack/web-api';
import type { AnswerFile } from '../render/answer-files.ts';
import { callSlack } from './call-slack.ts';

/** Uploads files with the current flow (files.getUploadURLExternal + files.completeUploadExternal), into a thread if given. */
export async function uploadFiles(
  client: WebClient,
  channelId: string,
  files: AnswerFile[],
  options: { threadTs?: string; comment?: string } = {},
): Promise<void> {
  if (files.length === 0) return;
  const fileUploads = files.map((file) => ({ file: file.content, filename: file.filename, title: file.title }));
  await callSlack(() =>
    client.filesUploadV2({
      channel_id: channelId,
      file_uploads: fileUploads,
      ...(options.threadTs ? { thread_ts: options.threadTs } : {}),
      ...(options.comment ? { initial_comment: options.comment } : {}),
    } as Parameters<WebClient['filesUploadV2']>[0]),
  );
}
