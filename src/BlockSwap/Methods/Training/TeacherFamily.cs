using System.Text.Json.Serialization;

namespace BlockSwap.Methods.Training;

/// <summary>Which network a teacher file holds: this project's (a checkpoint or the reference's state_dict), or torchvision's ResNet.</summary>
public enum TeacherFamily
{
    [JsonStringEnumMemberName("blockswap")] BlockSwap,
    [JsonStringEnumMemberName("torchvision-resnet18")] TorchvisionResNet18,
    [JsonStringEnumMemberName("torchvision-resnet34")] TorchvisionResNet34,
}
