// Icons of screen sharing and recording, in the app's one icon frame.
import { Svg, type IconProps } from '../../app/icons.tsx';

export const ScreenIcon = (p: IconProps) => (
  <Svg {...p}>
    <rect x="3" y="4" width="18" height="12" rx="1.5" />
    <path d="M8 20h8M12 16v4M12 13V7M9 10l3-3 3 3" />
  </Svg>
);

export const ScreenStopIcon = (p: IconProps) => (
  <Svg {...p}>
    <rect x="3" y="4" width="18" height="12" rx="1.5" />
    <path d="M8 20h8M12 16v4M9.5 7.5l5 5M14.5 7.5l-5 5" />
  </Svg>
);

export const RecordIcon = (p: IconProps) => (
  <Svg {...p}>
    <circle cx="12" cy="12" r="8" />
    <circle cx="12" cy="12" r="3.5" fill="currentColor" />
  </Svg>
);
