/**
 * Chinese for the reasons in the experiments' `history` (each setting changed since the first run). Keyed by
 * experiment, setting, old and new value; a test checks every baked entry has one and that it states the same numbers
 * as the engine's English, so a reason cannot drift from the change it explains.
 */
import type { SettingChange } from '../../../src/index.ts';

const key = (name: string, c: Pick<SettingChange, 'setting' | 'from' | 'to'>) =>
  `${name}:${c.setting}:${c.from}:${c.to}`;

const ZH_HISTORY: Record<string, string> = {
  'glorot2010:sigmoidSteps:1000:5000':
    '向论文靠拢：论文中最高层在数百万次更新的早期就已饱和；1000 步内它没有达到饱和（sigmoid 子论断未通过），到第 2500 步时 3 个种子中有 3 个达到。',
  'glorot2010:batchSize:16:10': '向论文靠拢：采用论文的小批量 10（16 是出于运行时间的选择）。',
  'he2015:steps:500:750':
    '向论文靠拢：论文中 22 层的“Xavier”网络会收敛，只是比 He 晚；500 步时它只在 3 个种子中的 1 个上收敛（depth-22 子论断未通过）；试探运行显示它首次达到 ln(10)/2 的训练步在 470–560 之间。',
  'schoenholz2017:batchSize:64:32':
    '运行时间：批大小为 64 时，32 格的网格耗时约 160 秒 CPU，超出每个实验的预算。批大小 64、300 步时的判定未通过（一致率 0.78 < 0.8）。',
  'schoenholz2017:logEvery:10:20': '运行时间，与批大小的改动一起：每格的评估次数更少。',
  'schoenholz2017:steps:300:200':
    '运行时间：8 × 134 层 × 300 步耗时约 140 秒 CPU。300 步、批大小 32 时的判定未通过（一致率 0.66）。',
  'schoenholz2017:lr:0.01:0.001':
    '向论文靠拢：论文用 SGD、学习率 10⁻³ 训练；学习率为 10⁻² 时，临界点附近的深层网络不稳定。学习率 0.01、200 步时的判定未通过。',
  'schoenholz2017:steps:200:750':
    '向论文靠拢：论文的可训练区域随训练时长向 6 ξ_c 扩大；200 步时，没有任何 σ_w² 训练到深度 20 以上。',
};

/** The reason in Chinese, or undefined when this change has no rendering yet. */
export const zhHistoryReason = (name: string, c: SettingChange): string | undefined => ZH_HISTORY[key(name, c)];
