//! `--device cpu|cuda[:N]|metal[:N]` parsing.

use crate::EmbedError;
use candle_core::Device;
use std::fmt;
use std::str::FromStr;

/// Where the encoder runs. CPU is the default and the only one tested here;
/// CUDA and Metal need the `cuda` / `metal` cargo features.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DeviceSpec {
    /// The host CPU.
    #[default]
    Cpu,
    /// An NVIDIA GPU by ordinal.
    Cuda(usize),
    /// An Apple GPU by ordinal.
    Metal(usize),
}

impl DeviceSpec {
    /// Open the candle device (fails when the feature is not compiled in).
    pub fn open(self) -> Result<Device, EmbedError> {
        let model = self.to_string();
        match self {
            DeviceSpec::Cpu => Ok(Device::Cpu),
            DeviceSpec::Cuda(n) => Device::new_cuda(n).map_err(EmbedError::candle(model)),
            DeviceSpec::Metal(n) => Device::new_metal(n).map_err(EmbedError::candle(model)),
        }
    }

    /// True for accelerators, where weights are kept in f16.
    pub fn is_gpu(self) -> bool {
        !matches!(self, DeviceSpec::Cpu)
    }
}

impl FromStr for DeviceSpec {
    type Err = EmbedError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let lower = s.trim().to_ascii_lowercase();
        let (kind, ordinal) = match lower.split_once(':') {
            Some((k, n)) => (
                k.to_owned(),
                n.parse::<usize>()
                    .map_err(|_| EmbedError::BadDevice(s.to_owned()))?,
            ),
            None => (lower.clone(), 0),
        };
        match kind.as_str() {
            "cpu" if ordinal == 0 => Ok(DeviceSpec::Cpu),
            "cuda" | "gpu" => Ok(DeviceSpec::Cuda(ordinal)),
            "metal" => Ok(DeviceSpec::Metal(ordinal)),
            _ => Err(EmbedError::BadDevice(s.to_owned())),
        }
    }
}

impl fmt::Display for DeviceSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DeviceSpec::Cpu => f.write_str("cpu"),
            DeviceSpec::Cuda(n) => write!(f, "cuda:{n}"),
            DeviceSpec::Metal(n) => write!(f, "metal:{n}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_device_names() {
        assert_eq!("cpu".parse::<DeviceSpec>().ok(), Some(DeviceSpec::Cpu));
        assert_eq!("cuda".parse::<DeviceSpec>().ok(), Some(DeviceSpec::Cuda(0)));
        assert_eq!(
            "CUDA:1".parse::<DeviceSpec>().ok(),
            Some(DeviceSpec::Cuda(1))
        );
        assert_eq!(
            "metal".parse::<DeviceSpec>().ok(),
            Some(DeviceSpec::Metal(0))
        );
        assert!("tpu".parse::<DeviceSpec>().is_err());
        assert!("cuda:x".parse::<DeviceSpec>().is_err());
        assert_eq!(DeviceSpec::Cuda(2).to_string(), "cuda:2");
    }

    #[test]
    fn cpu_always_opens() {
        assert!(DeviceSpec::Cpu.open().is_ok());
    }
}
